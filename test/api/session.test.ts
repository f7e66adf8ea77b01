import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sessionCookie, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

describe('signing in', () => {
  test('a wrong password is refused without saying whether the email exists', async () => {
    const user = await api.loginAs('marketer');
    const wrong = await api.post('/api/auth/login', { email: user.user.email, password: 'not the password' });
    const unknown = await api.post('/api/auth/login', { email: 'nobody@example.com', password: 'whatever123' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  test('the session cookie is httpOnly and SameSite=Lax, and the secret is stored only hashed', async () => {
    const res = await api.post('/api/auth/login', { email: (await api.loginAs('analyst')).user.email, password: 'correct horse battery staple' });
    expect(res.status).toBe(200);
    const line = res.headers.getSetCookie().find((l) => l.startsWith('comeback_session='))!;
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Lax/i);
    const value = sessionCookie(res.headers).split('=')[1];
    const stored = await api.sql`SELECT 1 FROM sessions WHERE id_hash = ${value}`;
    expect(stored).toHaveLength(0);
  });

  test('me returns the user and the CSRF token of the session', async () => {
    const support = await api.loginAs('support');
    const me = await support.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: support.user.email, role: 'support' });
    expect(me.body.csrfToken).toBe(support.csrfToken);
  });

  test('invalid input lists every problem with its field path', async () => {
    const res = await api.post('/api/auth/login', { email: 42 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['email', 'password']);
  });

  test('a form post (not JSON) cannot sign in', async () => {
    const res = await api.request('POST', '/api/auth/login', undefined, {
      raw: 'email=a@b.c&password=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });
});

describe('sessions', () => {
  test('an expired session is refused with session_expired and removed', async () => {
    const user = await api.loginAs('marketer');
    await api.sql`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = ${user.user.id}`;
    const res = await user.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('session_expired');
    const [{ n }] = await api.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM sessions WHERE user_id = ${user.user.id}`;
    expect(n).toBe(0);
  });

  test('activity slides the idle expiry forward, but never past 30 days from sign-in', async () => {
    const user = await api.loginAs('marketer');
    // As if the user signed in 29 days ago and was last seen two days ago.
    const [previous] = await api.sql<{ last_seen_at: Date }[]>`
      UPDATE sessions SET created_at = now() - interval '29 days', last_seen_at = now() - interval '2 days',
                          expires_at = now() + interval '5 days'
      WHERE user_id = ${user.user.id}
      RETURNING last_seen_at`;
    // The app runs in this process, so the clock it stamps the request with is the one read here: the request's
    // time lies between these two readings, however long the request takes.
    const requestedAt = Date.now();
    expect((await user.get('/api/auth/me')).status).toBe(200);
    const answeredAt = Date.now();
    const [row] = await api.sql<{ last_seen_at: Date; expires_at: Date; created_at: Date }[]>`
      SELECT last_seen_at, expires_at, created_at FROM sessions WHERE user_id = ${user.user.id}`;
    expect(row.last_seen_at.getTime()).toBeGreaterThan(previous.last_seen_at.getTime());
    expect(row.last_seen_at.getTime()).toBeGreaterThanOrEqual(requestedAt);
    expect(row.last_seen_at.getTime()).toBeLessThanOrEqual(answeredAt);
    expect(row.expires_at.getTime()).toBe(row.created_at.getTime() + 30 * 24 * 3600 * 1000);
  });

  test('logout ends the session on the server and clears the cookie', async () => {
    const user = await api.loginAs('analyst');
    const res = await user.post('/api/auth/logout');
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().join()).toMatch(/comeback_session=;/);
    expect((await user.get('/api/auth/me')).status).toBe(401);
  });

  test('a disabled user is signed out and cannot sign in again', async () => {
    const admin = await api.loginAs('admin');
    const victim = await api.loginAs('support');
    expect((await admin.patch(`/api/users/${victim.user.id}`, { disabled: true })).status).toBe(200);
    expect((await victim.get('/api/auth/me')).status).toBe(401);
    const again = await api.post('/api/auth/login', { email: victim.user.email, password: victim.password });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('invalid_credentials');
  });
});

describe('CSRF', () => {
  test('a cookie-authenticated write without the CSRF header is refused', async () => {
    const user = await api.loginAs('marketer');
    const res = await api.post('/api/auth/logout', undefined, { headers: { Cookie: user.authHeaders.Cookie } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
    expect((await user.get('/api/auth/me')).status).toBe(200);
  });

  test('a CSRF token of another session is refused', async () => {
    const a = await api.loginAs('marketer');
    const b = await api.loginAs('marketer');
    const res = await api.post('/api/auth/logout', undefined, { headers: { Cookie: a.authHeaders.Cookie, 'X-CSRF-Token': b.csrfToken } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
  });

  test('reads need no CSRF header', async () => {
    const user = await api.loginAs('marketer');
    expect((await api.get('/api/auth/me', { headers: { Cookie: user.authHeaders.Cookie } })).status).toBe(200);
  });
});

describe('passwords', () => {
  test('a one-time password must be changed before anything else, then works no more', async () => {
    const admin = await api.loginAs('admin');
    const created = await admin.post('/api/users', { email: 'Olga.Petrova@Shop.ru', name: 'Ольга Петрова', role: 'marketer' });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ email: 'olga.petrova@shop.ru', mustChangePassword: true });
    const oneTime = created.body.oneTimePassword as string;

    const olga = await api.login('olga.petrova@shop.ru', oneTime);
    expect(olga.user.mustChangePassword).toBe(true);
    const blocked = await olga.get('/api/users');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('password_change_required');

    const tooShort = await olga.post('/api/auth/password', { currentPassword: oneTime, newPassword: 'short' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.issues[0].path).toBe('newPassword');
    const wrongCurrent = await olga.post('/api/auth/password', { currentPassword: 'nope-nope-nope', newPassword: 'a much better password' });
    expect(wrongCurrent.status).toBe(422);

    expect((await olga.post('/api/auth/password', { currentPassword: oneTime, newPassword: 'a much better password' })).status).toBe(204);
    expect((await olga.get('/api/auth/me')).body.user.mustChangePassword).toBe(false);
    expect((await api.post('/api/auth/login', { email: 'olga.petrova@shop.ru', password: oneTime })).status).toBe(401);
    expect((await api.post('/api/auth/login', { email: 'olga.petrova@shop.ru', password: 'a much better password' })).status).toBe(200);
  });

  test('changing the password ends the other sessions of that user', async () => {
    const first = await api.loginAs('analyst');
    const second = await api.login(first.user.email, first.password);
    expect((await first.post('/api/auth/password', { currentPassword: first.password, newPassword: 'another long password' })).status).toBe(204);
    expect((await first.get('/api/auth/me')).status).toBe(200);
    expect((await second.get('/api/auth/me')).status).toBe(401);
  });

  test('passwords are stored as scrypt hashes', async () => {
    const user = await api.loginAs('support');
    const [row] = await api.sql<{ password_hash: string }[]>`SELECT password_hash FROM users WHERE id = ${user.user.id}`;
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(row.password_hash).not.toContain(user.password);
  });
});

test('repeated wrong passwords slow down further attempts for that email', async () => {
  const user = await api.loginAs('marketer');
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) statuses.push((await api.post('/api/auth/login', { email: user.user.email, password: `wrong ${i}` })).status);
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  // Even the right password waits out the back-off.
  const locked = await api.post('/api/auth/login', { email: user.user.email, password: user.password });
  expect(locked.status).toBe(429);
  expect(locked.body.error.code).toBe('too_many_attempts');
  expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  // Other emails are not affected.
  const other = await api.loginAs('marketer');
  expect((await other.get('/api/auth/me')).status).toBe(200);
});

test('sign-ins, failures and logouts are in the audit log', async () => {
  const user = await api.loginAs('support');
  await api.post('/api/auth/login', { email: user.user.email, password: 'definitely wrong' });
  await user.post('/api/auth/logout');
  const rows = await api.sql<{ action: string }[]>`SELECT action FROM audit_log WHERE entity = ${`user:${user.user.id}`} ORDER BY id`;
  expect(rows.map((r) => r.action)).toEqual(['auth.login', 'auth.login_failed', 'auth.logout']);
});
