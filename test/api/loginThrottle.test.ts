import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clientAddress } from '../../server/auth/clientAddress';
import { createUser } from '../../server/auth/users';
import { startTestApi, type ApiResponse, type TestApi } from '../support/api';

/**
 * Password guessing is braked in PostgreSQL, before the password is checked: per client address and account, per
 * address, per account. Three API instances share one database: `direct` ignores X-Forwarded-For (the default),
 * `proxiedA` and `proxiedB` trust one proxy hop, so tests can speak from any address through the header.
 */
let direct: TestApi;
let proxiedA: TestApi;
let proxiedB: TestApi;
let counter = 0;

beforeAll(async () => {
  direct = await startTestApi();
  proxiedA = await startTestApi({ db: direct.db, env: { TRUSTED_PROXY_HOPS: '1' } });
  proxiedB = await startTestApi({ db: direct.db, env: { TRUSTED_PROXY_HOPS: '1' } });
});
afterAll(async () => {
  await proxiedB?.stop();
  await proxiedA?.stop();
  await direct?.stop();
});

const PASSWORD = 'the right password 42';

async function newUser(): Promise<string> {
  counter += 1;
  const email = `throttle-${counter}@test.comeback.local`;
  await createUser(direct.sql, { email, name: `Throttle ${counter}`, role: 'marketer', password: PASSWORD, mustChangePassword: false });
  return email;
}

function login(api: TestApi, email: string, password: string, from?: string, lang = 'ru'): Promise<ApiResponse> {
  return api.post('/api/auth/login', { email, password }, { headers: { 'Accept-Language': lang, ...(from ? { 'X-Forwarded-For': from } : {}) } });
}

const statuses = (responses: ApiResponse[]) => responses.map((r) => r.status);
const countOf = (responses: ApiResponse[], status: number) => responses.filter((r) => r.status === status).length;

describe('parallel guessing', () => {
  test('40 parallel wrong guesses: only the allowance is checked, the rest wait; the owner elsewhere signs in', async () => {
    const email = await newUser();
    const guesses = await Promise.all(Array.from({ length: 40 }, (_, i) => login(proxiedA, email, `wrong ${i}`, '203.0.113.10')));
    expect(countOf(guesses, 401)).toBeGreaterThan(0);
    expect(countOf(guesses, 401)).toBeLessThanOrEqual(5);
    expect(countOf(guesses, 401) + countOf(guesses, 429)).toBe(40);
    for (const refused of guesses.filter((r) => r.status === 429)) {
      expect(refused.body.error.code).toBe('too_many_attempts');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Only the checked guesses reach the audit log: the refused ones never got to the password.
    const [{ n }] = await direct.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.login_failed' AND details->>'email' = ${email}`;
    expect(n).toBe(countOf(guesses, 401));

    // The guessing address waits even with the right password, and is told so in both languages…
    const ru = await login(proxiedA, email, PASSWORD, '203.0.113.10');
    expect(ru.status).toBe(429);
    expect(ru.body.error.message).toMatch(/^Слишком много попыток входа\. Повторите через \d+ (с|мин)$/);
    const en = await login(proxiedA, email, PASSWORD, '203.0.113.10', 'en');
    expect(en.body.error.message).toMatch(/^Too many sign-in attempts\. Try again in \d+ (s|min)$/);
    // …while the owner at another address is not locked out.
    expect((await login(proxiedA, email, PASSWORD, '198.51.100.20')).status).toBe(200);
  });

  test('one address trying many accounts is braked too', async () => {
    // As if this address had already tried 28 accounts (each check costs a slow password hash, so not for real).
    await direct.sql`
      INSERT INTO login_attempts (kind, key, attempts, last_attempt_at, expires_at)
      VALUES ('address', '203.0.113.30', 28, clock_timestamp(), clock_timestamp() + interval '1 hour')`;
    const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => login(proxiedA, `nobody-${i}@spray.example`, 'Winter2025!', '203.0.113.30')));
    expect(countOf(guesses, 401)).toBeGreaterThan(0);
    expect(countOf(guesses, 401)).toBeLessThanOrEqual(2);
    expect(countOf(guesses, 429)).toBe(20 - countOf(guesses, 401));
    // Another address is not affected.
    expect((await login(proxiedA, 'nobody-0@spray.example', 'Winter2025!', '203.0.113.31')).status).toBe(401);
  });
});

describe('every process shares the counters', () => {
  test('guesses spread over two API instances on one database share one allowance', async () => {
    const email = await newUser();
    const guesses = await Promise.all(Array.from({ length: 40 }, (_, i) => login(i % 2 ? proxiedA : proxiedB, email, `wrong ${i}`, '203.0.113.40')));
    expect(countOf(guesses, 401)).toBeGreaterThan(0);
    expect(countOf(guesses, 401)).toBeLessThanOrEqual(5);
    expect(countOf(guesses, 401) + countOf(guesses, 429)).toBe(40);
    expect((await login(proxiedB, email, PASSWORD, '203.0.113.40')).status).toBe(429);
    expect((await login(proxiedA, email, PASSWORD, '203.0.113.40')).status).toBe(429);
  });
});

describe('client addresses', () => {
  test('X-Forwarded-For is ignored unless TRUSTED_PROXY_HOPS is set', async () => {
    const email = await newUser();
    const wrong = [];
    for (let i = 0; i < 5; i++) wrong.push(await login(direct, email, `wrong ${i}`, `198.51.100.${100 + i}`));
    expect(statuses(wrong)).toEqual([401, 401, 401, 401, 401]);
    // A forged header does not make a fresh client: the socket's address is the one that guessed.
    expect((await login(direct, email, PASSWORD, '198.51.100.200')).status).toBe(429);

    const proxied = await newUser();
    for (let i = 0; i < 5; i++) expect((await login(proxiedA, proxied, `wrong ${i}`, '198.51.100.1')).status).toBe(401);
    expect((await login(proxiedA, proxied, PASSWORD, '198.51.100.1')).status).toBe(429);
    expect((await login(proxiedA, proxied, PASSWORD, '198.51.100.2')).status).toBe(200);
  });

  test('the entry the trusted proxy appended is the client; a client cannot prepend its way out', () => {
    expect(clientAddress('10.0.0.1', '1.2.3.4, 203.0.113.5', 1)).toBe('203.0.113.5');
    expect(clientAddress('10.0.0.1', '1.2.3.4, 203.0.113.5, 10.0.0.2', 2)).toBe('203.0.113.5');
    expect(clientAddress('10.0.0.1', '203.0.113.5', 0)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', 'not an address', 1)).toBe('10.0.0.1');
    expect(clientAddress('::ffff:127.0.0.1', undefined, 0)).toBe('127.0.0.1');
    // One IPv6 subscriber holds a whole /64: its addresses are one client.
    expect(clientAddress('2001:db8:1:2::7', undefined, 0)).toBe('2001:db8:1:2::/64');
    expect(clientAddress('2001:db8:1:2:aaaa:bbbb:cccc:dddd', undefined, 0)).toBe('2001:db8:1:2::/64');
    expect(clientAddress('2001:db8::1', undefined, 0)).toBe('2001:db8:0:0::/64');
    expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
  });
});

describe('throttle, never lock out', () => {
  test('a guessing network slows the account by seconds; the owner at a known address is not slowed at all', async () => {
    const email = await newUser();
    expect((await login(proxiedA, email, PASSWORD, '192.0.2.1')).status).toBe(200);
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => login(proxiedB, email, `wrong ${i}`, `10.66.0.${i + 1}`)));
    expect(countOf(guesses, 401)).toBeGreaterThanOrEqual(10);
    // As if the network went on guessing: the account brake is at its cap.
    await direct.sql`UPDATE login_attempts SET attempts = 20, last_attempt_at = clock_timestamp() WHERE kind = 'account' AND key = ${email}`;

    // From a new address the owner is told to wait at most half a minute, however often they retry…
    for (let i = 0; i < 6; i++) {
      const wait = await login(proxiedA, email, PASSWORD, '192.0.2.99');
      expect(wait.status).toBe(429);
      expect(Number(wait.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(wait.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    }
    // …from the address they signed in from before, not at all.
    expect((await login(proxiedA, email, PASSWORD, '192.0.2.1')).status).toBe(200);
    // Half a minute later the new address gets in: the waits above did not use up its own allowance.
    await direct.sql`UPDATE login_attempts SET last_attempt_at = last_attempt_at - interval '31 seconds' WHERE kind = 'account' AND key = ${email}`;
    expect((await login(proxiedA, email, PASSWORD, '192.0.2.99')).status).toBe(200);
  });

  test('a successful sign-in forgets that client’s failures', async () => {
    const email = await newUser();
    for (let i = 0; i < 4; i++) expect((await login(proxiedA, email, `wrong ${i}`, '192.0.2.50')).status).toBe(401);
    expect((await login(proxiedA, email, PASSWORD, '192.0.2.50')).status).toBe(200);
    const after = [];
    for (let i = 0; i < 6; i++) after.push(await login(proxiedA, email, `wrong again ${i}`, '192.0.2.50'));
    expect(statuses(after)).toEqual([401, 401, 401, 401, 401, 429]);
  });

  test('counters restart after an hour without attempts, and forgotten rows are swept at sign-in', async () => {
    const email = await newUser();
    for (let i = 0; i < 5; i++) await login(proxiedA, email, `wrong ${i}`, '192.0.2.70');
    expect((await login(proxiedA, email, PASSWORD, '192.0.2.70')).status).toBe(429);
    expect((await login(proxiedA, email, 'one more guess', '192.0.2.71')).status).toBe(401);
    // An hour and a minute later:
    await direct.sql`
      UPDATE login_attempts SET last_attempt_at = last_attempt_at - interval '61 minutes', expires_at = expires_at - interval '61 minutes'
       WHERE key IN (${`192.0.2.70 ${email}`}, '192.0.2.70', ${`192.0.2.71 ${email}`}, '192.0.2.71', ${email})`;
    expect((await login(proxiedA, email, PASSWORD, '192.0.2.70')).status).toBe(200);
    const rows = await direct.sql<{ key: string }[]>`
      SELECT key FROM login_attempts WHERE key IN (${`192.0.2.70 ${email}`}, '192.0.2.70', ${`192.0.2.71 ${email}`}, '192.0.2.71', ${email}) ORDER BY key`;
    expect(rows.map((r) => r.key)).toEqual(['192.0.2.70', `192.0.2.70 ${email}`, email]);
  });
});
