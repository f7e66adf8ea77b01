import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScenario } from '../../shared/scenario/compile';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import { startTestDatabase, type TestDatabase } from '../../test/support/postgres';
import { audienceQuery } from '../activities/audienceQuery';
import { updateCustomerProfile } from '../customers/profile';
import { upsertCustomers } from '../ingest/customers';
import { customersWhere } from '../rfm/customers';
import { createSegment, listSegmentsWithCounts } from '../segments/store';
import { audienceSize } from './size';

// A daily audience and a saved segment that test tags and attributes select in SQL exactly the customers a
// scenario, the shop's systems or an import tagged.

const NOW = new Date('2026-03-02T07:00:00.000Z');
let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase();
  await upsertCustomers(db.sql, [
    { id: 'a-called', registeredAt: '2025-01-10', tags: ['звонили'], attributes: { level: 'gold' } },
    { id: 'b-called-silver', registeredAt: '2025-01-10', tags: ['звонили', 'vip'], attributes: { level: 'silver' } },
    { id: 'c-case', registeredAt: '2025-01-10', tags: ['Звонили'], attributes: { level: 'gold' } },
    { id: 'd-none', registeredAt: '2025-01-10' },
    { id: 'e-by-scenario', registeredAt: '2025-01-10' },
  ]);
  await updateCustomerProfile(db.sql, 'e-by-scenario', [{ kind: 'addTag', tag: 'звонили' }, { kind: 'setAttribute', key: 'level', value: 'gold' }], { key: 'k', at: NOW });
}, 120_000);
afterAll(() => db?.stop());

const plan = (condition: unknown) =>
  compileScenario(
    ScenarioDocumentSchema.parse({
      format: 'scenario/v1',
      name: 'Позвонившим',
      settings: { timezone: 'Europe/Moscow' },
      nodes: [
        { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
        { id: 'audience', type: 'filter', config: { condition } },
        { id: 'hello', type: 'send', config: { channel: 'email', text: 'Спасибо за разговор' } },
      ],
      edges: [
        { from: 'start', port: 'out', to: 'audience' },
        { from: 'audience', port: 'yes', to: 'hello' },
      ],
    }),
    { scenarioId: '00000000-0000-4000-8000-000000000077', version: 1 },
  );

describe('tags and attributes in the audience and in segments', () => {
  it('the daily audience with `tags has` selects the tagged customers, case-sensitively, scenario-set tags included', async () => {
    const p = plan({ all: [{ field: 'tags', op: 'has', value: 'звонили' }, { field: 'attributes.level', op: 'eq', value: 'gold' }] });
    const rows = await audienceQuery(db.sql, p, { afterId: null, limit: 100, now: NOW });
    expect(rows.map((r) => r.id)).toEqual(['a-called', 'e-by-scenario']);
    expect((await audienceSize(db.sql, p, NOW)).matching).toBe(2);

    const notCalled = plan({ field: 'tags', op: 'hasNot', value: 'звонили' });
    expect((await audienceQuery(db.sql, notCalled, { afterId: null, limit: 100, now: NOW })).map((r) => r.id)).toEqual(['c-case', 'd-none']);
  });

  it('a saved segment on tags counts and lists the same customers', async () => {
    const segment = await createSegment(db.sql, { name: 'VIP, которым звонили', condition: { all: [{ field: 'tags', op: 'has', value: 'vip' }, { field: 'attributes.level', op: 'ne', value: 'gold' }] } }, null);
    const counted = (await listSegmentsWithCounts(db.sql, NOW)).find((s) => s.id === segment.id)!;
    expect(counted.customers).toBe(1);
    expect((await customersWhere(db.sql, segment.condition, NOW, { afterId: null, limit: 10 })).map((c) => c.id)).toEqual(['b-called-silver']);
  });
});
