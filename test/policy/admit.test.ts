import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { upsertCustomers } from '../../server/ingest/customers';
import { admitMessage } from '../../server/policy/admit';
import { controlBucket, controlGroupSql, controlThreshold, inControlGroup } from '../../server/policy/control';
import { loadPolicy, savePolicy } from '../../server/policy/store';
import { SANDBOX_CHANNELS } from '../../server/simulate/run';
import { startTestDatabase, type TestDatabase } from '../support/postgres';

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
  await upsertCustomers(db.sql, [{ id: 'anna', name: 'Анна', registeredAt: '2024-01-10T12:00:00+03:00', email: 'anna@example.ru', subscriptions: { email: true } }]);
});
afterAll(async () => {
  await db?.stop();
});
beforeEach(async () => {
  await db.sql`TRUNCATE messages, communication_policies`;
});

const message = (key: string) => ({ idempotencyKey: key, customerId: 'anna', channel: 'email' as const, recipient: 'anna@example.ru', text: `Письмо ${key}` });
const AT = new Date('2026-03-04T10:00:00+03:00'); // a Wednesday

describe('admitting a message under the caps', () => {
  it('lets exactly one of forty concurrent messages for one customer through a cap of one a day; the rest wait for the same hour tomorrow', async () => {
    const policy = await savePolicy(db.sql, { caps: [{ channel: 'all', period: 'day', max: 1 }], maxDelayDays: 3, controlGroup: { sharePct: 0 } }, { userId: null, tokenId: null, name: 'test' });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => admitMessage(db.sql, SANDBOX_CHANNELS, policy, { message: message(`run-${i}:send`), at: AT, timeZone: 'Europe/Moscow' })),
    );
    expect(answers.filter((a) => a.admitted)).toHaveLength(1);
    const deferred = answers.filter((a) => !a.admitted);
    expect(new Set(deferred.map((a) => (a.admitted ? null : a.until?.toISOString())))).toEqual(new Set(['2026-03-05T07:00:00.000Z'])); // 05.03 10:00 MSK
    const [{ n }] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM messages`;
    expect(n).toBe(1);
  });

  it('admits a retried message again (its row is already there) without counting it twice', async () => {
    const policy = await savePolicy(db.sql, { caps: [{ channel: 'all', period: 'day', max: 1 }], maxDelayDays: 3, controlGroup: { sharePct: 0 } }, { userId: null, tokenId: null, name: 'test' });
    const first = await admitMessage(db.sql, SANDBOX_CHANNELS, policy, { message: message('r:send'), at: AT, timeZone: 'Europe/Moscow' });
    const retry = await admitMessage(db.sql, SANDBOX_CHANNELS, policy, { message: message('r:send'), at: AT, timeZone: 'Europe/Moscow' });
    expect([first.admitted, retry.admitted]).toEqual([true, true]);
  });

  it('counts only what the customer received: a failed message and a service message leave the slot free', async () => {
    const policy = await savePolicy(db.sql, { caps: [{ channel: 'all', period: 'day', max: 1 }], maxDelayDays: 3, controlGroup: { sharePct: 0 } }, { userId: null, tokenId: null, name: 'test' });
    await db.sql`INSERT INTO messages (idempotency_key, customer_id, channel, recipient, text, status, provider, counted_at, service)
                  VALUES ('f', 'anna', 'email', 'a', 't', 'failed', 'sandbox', ${AT}, false), ('s', 'anna', 'email', 'a', 't', 'sandbox', 'sandbox', ${AT}, true)`;
    expect((await admitMessage(db.sql, SANDBOX_CHANNELS, policy, { message: message('x:send'), at: AT, timeZone: 'Europe/Moscow' })).admitted).toBe(true);
  });

  it('past the longest deferral the answer is "skip", with the rule and the limit in words', async () => {
    const policy = await savePolicy(db.sql, { caps: [{ channel: 'all', period: 'week', max: 1 }], maxDelayDays: 2, controlGroup: { sharePct: 0 } }, { userId: null, tokenId: null, name: 'test' });
    await admitMessage(db.sql, SANDBOX_CHANNELS, policy, { message: message('a:send'), at: AT, timeZone: 'Europe/Moscow' });
    const second = await admitMessage(db.sql, SANDBOX_CHANNELS, policy, { message: message('b:send'), at: AT, timeZone: 'Europe/Moscow' });
    expect(second).toEqual({ admitted: false, until: null, reason: 'пропущено: лимит коммуникаций 1 сообщение в неделю по всем каналам, отложить можно не больше чем на 2 дня' });
  });
});

describe('the global control group', () => {
  it('is the same customers in SQL and in TypeScript, and about the share asked for', async () => {
    const policy = { controlSeed: 'seed-1', controlGroup: { sharePct: 5 } };
    const ids = Array.from({ length: 10_000 }, (_, i) => `c${i}`);
    const rows = await db.sql<{ id: string; inside: boolean }[]>`
      SELECT id, ${controlGroupSql(db.sql, db.sql`id`, policy)} AS inside FROM unnest(${ids}::text[]) AS id`;
    const sqlMembers = rows.filter((r) => r.inside).map((r) => r.id);
    expect(sqlMembers).toEqual(ids.filter((id) => inControlGroup(id, policy)));
    expect(sqlMembers.length).toBeGreaterThan(400);
    expect(sqlMembers.length).toBeLessThan(600);
  });

  it('keeps every member when the share grows', () => {
    const ids = Array.from({ length: 2_000 }, (_, i) => `c${i}`);
    const at5 = ids.filter((id) => inControlGroup(id, { controlSeed: 's', controlGroup: { sharePct: 5 } }));
    const at10 = new Set(ids.filter((id) => inControlGroup(id, { controlSeed: 's', controlGroup: { sharePct: 10 } })));
    expect(at5.every((id) => at10.has(id))).toBe(true);
    expect(controlThreshold(0.1)).toBe(10);
    // Pinned: membership must not move when the code does (an upgrade would reshuffle the control group).
    expect(controlBucket('c1', 's')).toBe(3481);
  });

  it('is empty before any policy was saved', async () => {
    expect(inControlGroup('anna', await loadPolicy(db.sql))).toBe(false);
  });
});
