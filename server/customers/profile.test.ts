import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROFILE_LIMITS } from '../../shared/conditions/profile';
import { startTestDatabase, type TestDatabase } from '../../test/support/postgres';
import { customerUpdateActivities } from '../activities/customerUpdates';
import type { ActivityDeps } from '../activities/deps';
import { upsertCustomers } from '../ingest/customers';
import { customerCard } from '../support/customerCard';
import { tagsInUse, updateCustomerProfile } from './profile';

// The update-customer activity and the ingest path on real PostgreSQL: once per key whatever the retries, bounded,
// and an upsert that does not mention tags leaves the ones scenarios put on.

let db: TestDatabase;
const AT = new Date('2026-03-02T07:00:00.000Z');
const run = { runId: 'run-1', workflowId: 'wf-1', scenarioId: '00000000-0000-4000-8000-000000000001', version: 1, customerId: 'anna' };

const tagsOf = async (id: string) => (await db.sql<{ tags: string[]; attributes: Record<string, unknown> }[]>`SELECT tags, attributes FROM customers WHERE id = ${id}`)[0];

beforeAll(async () => {
  db = await startTestDatabase();
}, 120_000);
afterAll(() => db?.stop());
beforeEach(async () => {
  await db.sql`TRUNCATE customers, customer_stats, customer_changes CASCADE`;
  await upsertCustomers(db.sql, [{ id: 'anna', registeredAt: '2025-01-10' }]);
});

describe('updateCustomer activity', () => {
  it('applies once per run + node: a retry answers with the first attempt and changes nothing again', async () => {
    const { updateCustomer } = customerUpdateActivities({ sql: db.sql } as ActivityDeps);
    const input = { run, nodeId: 'mark', actions: [{ kind: 'addTag' as const, tag: 'звонили' }, { kind: 'setAttribute' as const, key: 'level', value: 'gold' }], at: AT.toISOString() };
    const first = await updateCustomer(input);
    expect(first).toEqual({ found: true, changed: ['добавлен тег «звонили»', 'атрибут «level» = «gold»'], unchanged: [], refused: [] });

    // Support takes the tag off meanwhile; the retried attempt must not put it back.
    await db.sql`UPDATE customers SET tags = '{}' WHERE id = 'anna'`;
    expect(await updateCustomer(input)).toEqual(first);
    expect(await tagsOf('anna')).toEqual({ tags: [], attributes: { level: 'gold' } });

    // Two attempts at once (a retry racing a slow first one): one applies, both answer the same.
    const racing = { ...input, nodeId: 'mark-2', actions: [{ kind: 'addTag' as const, tag: 'гонка' }] };
    const [a, b] = await Promise.all([updateCustomer(racing), updateCustomer(racing)]);
    expect(a).toEqual(b);
    expect((await db.sql`SELECT 1 FROM customer_changes WHERE idempotency_key LIKE 'run-1:mark-2'`).length).toBe(1);

    // The same node in a run moved to another version is a step of its own.
    expect((await updateCustomer({ ...input, run: { ...run, leg: 1 } })).changed).toEqual(['добавлен тег «звонили»']);
  });

  it('refuses what goes over the limits instead of dropping other tags, and writes nothing that validation would refuse', async () => {
    const many = Array.from({ length: PROFILE_LIMITS.tagsPerCustomer }, (_, i) => `t${i}`);
    await upsertCustomers(db.sql, [{ id: 'anna', registeredAt: '2025-01-10', tags: many }]);
    const result = await updateCustomerProfile(db.sql, 'anna', [
      { kind: 'addTag', tag: 'ещё один' },
      { kind: 'addTag', tag: 'x'.repeat(61) },
      { kind: 'setAttribute', key: '__proto__', value: 1 },
      { kind: 'removeTag', tag: 't0' },
    ], { key: 'k-limits', at: AT });
    expect(result.refused).toEqual([
      'тег «ещё один» не добавлен: у клиента уже 100 тегов',
      `не выполнено: тег «${'x'.repeat(20)}…» длиннее 60 символов`,
      expect.stringMatching(/^не выполнено: ключ атрибута «__proto__» не подходит/),
    ]);
    expect(result.changed).toEqual(['снят тег «t0»']);
    const row = await tagsOf('anna');
    expect(row.tags).toHaveLength(PROFILE_LIMITS.tagsPerCustomer - 1);
    expect(row.attributes).toEqual({});
  });

  it('shows support the tags, the attributes and which step changed them on the customer card', async () => {
    await updateCustomerProfile(db.sql, 'anna', [{ kind: 'addTag', tag: 'звонили' }, { kind: 'setAttribute', key: 'level', value: 'gold' }], {
      key: 'run-9:mark',
      at: AT,
      runId: 'run-9',
      nodeId: 'mark',
    });
    await updateCustomerProfile(db.sql, 'anna', [{ kind: 'addTag', tag: 'звонили' }], { key: 'run-10:mark', at: new Date(AT.getTime() + 1000) });
    const card = (await customerCard(db.sql, 'anna', AT))!;
    expect(card.customer.tags).toEqual(['звонили']);
    expect(card.customer.attributes).toEqual({ level: 'gold' });
    // A step that changed nothing is not news on the card.
    expect(card.profileChanges).toEqual([
      { at: AT.toISOString(), scenarioId: null, scenarioName: null, runId: 'run-9', nodeId: 'mark', changed: ['добавлен тег «звонили»', 'атрибут «level» = «gold»'] },
    ]);
  });

  it('answers found: false for a customer who is gone, and records nothing', async () => {
    expect(await updateCustomerProfile(db.sql, 'nobody', [{ kind: 'addTag', tag: 'a' }], { key: 'k-gone', at: AT })).toEqual({ found: false, changed: [], unchanged: [], refused: [] });
    expect(await db.sql`SELECT 1 FROM customer_changes`).toHaveLength(0);
  });
});

describe('customer ingest with tags and attributes', () => {
  it('keeps tags and attributes an upsert leaves out, replaces them when given, clears them with null', async () => {
    await updateCustomerProfile(db.sql, 'anna', [{ kind: 'addTag', tag: 'звонили' }, { kind: 'setAttribute', key: 'level', value: 'gold' }], { key: 'k1', at: AT });
    const resync = await upsertCustomers(db.sql, [{ id: 'anna', registeredAt: '2025-01-10', name: 'Анна' }]);
    expect(resync.results[0].status).toBe('updated');
    expect(await tagsOf('anna')).toEqual({ tags: ['звонили'], attributes: { level: 'gold' } });

    const same = await upsertCustomers(db.sql, [{ id: 'anna', registeredAt: '2025-01-10', name: 'Анна', tags: ['  звонили '] }]);
    expect(same.results[0].status).toBe('duplicate');

    await upsertCustomers(db.sql, [{ id: 'anna', registeredAt: '2025-01-10', tags: ['оптовик', 'оптовик', ' VIP  клиент '], attributes: { visits: 12, active: true } }]);
    expect(await tagsOf('anna')).toEqual({ tags: ['оптовик', 'VIP клиент'], attributes: { visits: 12, active: true } });

    await upsertCustomers(db.sql, [{ id: 'anna', registeredAt: '2025-01-10', tags: null, attributes: null }]);
    expect(await tagsOf('anna')).toEqual({ tags: [], attributes: {} });
  });

  it('rejects a record with a tag too long, a bad key or a nested value, naming the field', async () => {
    const result = await upsertCustomers(db.sql, [
      { id: 'bad', registeredAt: '2025-01-10', tags: ['x'.repeat(61)] },
      { id: 'bad2', registeredAt: '2025-01-10', attributes: { 'bad key': 1, ok: { nested: true } } },
      { id: 'bad3', registeredAt: '2025-01-10', tags: Array.from({ length: 101 }, (_, i) => `t${i}`) },
    ]);
    expect(result.summary.rejected).toBe(3);
    const fields = result.results.flatMap((r) => ('issues' in r ? r.issues!.map((i) => i.field) : []));
    expect(fields).toEqual(['tags.0', 'attributes.bad key', 'attributes.ok', 'tags']);
    expect(await db.sql`SELECT 1 FROM customers WHERE id LIKE 'bad%'`).toHaveLength(0);
  });

  it('lists the tags in use, most used first, with counts', async () => {
    await upsertCustomers(db.sql, [
      { id: 'b', registeredAt: '2025-01-10', tags: ['звонили', 'vip'] },
      { id: 'c', registeredAt: '2025-01-10', tags: ['звонили'] },
    ]);
    expect(await tagsInUse(db.sql)).toEqual([
      { tag: 'звонили', customers: 2 },
      { tag: 'vip', customers: 1 },
    ]);
    expect(await tagsInUse(db.sql, 1)).toEqual([{ tag: 'звонили', customers: 2 }]);
  });
});
