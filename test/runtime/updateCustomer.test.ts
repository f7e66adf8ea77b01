import { describe, expect, it } from 'vitest';
import type { ScenarioDocumentInput } from '../../shared/scenario/schema';
import { customer, order, useRuntimeHarness } from './harness';

// A scenario tags a customer, and both a later filter in the same run (the workflow's evaluator) and the next days'
// audience (SQL) see the tag: time-skipping Temporal and real PostgreSQL, through the production workflows.

const START = '2026-03-02T00:00:00+03:00';

const h = useRuntimeHarness();

/** Daily at 10:00: buyers not yet called → tag «звонили», count the touch → a day later, branch on the tag. */
const callOnce: ScenarioDocumentInput = {
  format: 'scenario/v1',
  name: 'Позвонить один раз',
  settings: { timezone: 'Europe/Moscow' },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
    {
      id: 'audience',
      type: 'filter',
      config: { condition: { all: [{ field: 'orderCount', op: 'gte', value: 1 }, { field: 'tags', op: 'hasNot', value: 'звонили' }] } },
    },
    {
      id: 'mark',
      type: 'updateCustomer',
      config: {
        actions: [
          { kind: 'addTag', tag: 'звонили' },
          { kind: 'setAttribute', key: 'touches', value: 1 },
          { kind: 'removeTag', tag: 'новый' },
        ],
      },
    },
    { id: 'day', type: 'wait', config: { days: 1 } },
    {
      id: 'called',
      type: 'filter',
      config: { condition: { all: [{ field: 'tags', op: 'has', value: 'звонили' }, { field: 'attributes.touches', op: 'eq', value: 1 }] } },
    },
    { id: 'thanks', type: 'send', config: { channel: 'email', text: 'Спасибо за разговор' } },
    { id: 'lost', type: 'send', config: { channel: 'email', text: 'Не дозвонились' } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'mark' },
    { from: 'mark', port: 'out', to: 'day' },
    { from: 'day', port: 'out', to: 'called' },
    { from: 'called', port: 'yes', to: 'thanks' },
    { from: 'called', port: 'no', to: 'lost' },
  ],
};

describe('updateCustomer', () => {
  it('tags the customer once; a later filter branches on the tag, and the audience of the next days leaves them out', async () => {
    await h.customers([customer('fresh', { tags: ['новый', 'vip'] }), customer('called', { tags: ['звонили'] })]);
    await h.orders([order('o-fresh', 'fresh', '2026-01-10T12:00:00+03:00'), order('o-called', 'called', '2026-01-10T12:00:00+03:00')]);

    // Four daily firings: the run ends on day 2, so days 3 and 4 would enter `fresh` again but for the tag.
    const outcome = await h.run(callOnce, { start: START, days: 4, recordHistories: { fresh: 'update-customer-tag' } });

    expect(outcome.runsOf('called')).toEqual([]);
    const run = outcome.runOf('fresh');
    expect(run.status).toBe('completed');
    const mark = run.steps.find((s) => s.nodeId === 'mark')!;
    expect(mark.outcome).toBe('updated');
    expect(mark.reason).toBe('добавлен тег «звонили»; атрибут «touches» = 1; снят тег «новый»');
    expect(run.messages.map((m) => m.text)).toEqual(['Спасибо за разговор']);

    const [row] = await h.db.sql<{ tags: string[]; attributes: Record<string, unknown> }[]>`SELECT tags, attributes FROM customers WHERE id = 'fresh'`;
    expect(row).toEqual({ tags: ['vip', 'звонили'], attributes: { touches: 1 } });
    const changes = await h.db.sql`SELECT node_id FROM customer_changes WHERE customer_id = 'fresh'`;
    expect(changes).toHaveLength(1);
  });

  it('journals a customer already as asked as unchanged, and goes on', async () => {
    const doc: ScenarioDocumentInput = {
      ...callOnce,
      nodes: callOnce.nodes.map((n) =>
        n.id === 'audience' ? { ...n, config: { condition: { field: 'orderCount', op: 'gte', value: 1 } } } : n,
      ) as ScenarioDocumentInput['nodes'],
    };
    await h.customers([customer('again', { tags: ['звонили'], attributes: { touches: 1 } })]);
    await h.orders([order('o-again', 'again', '2026-01-10T12:00:00+03:00')]);
    const outcome = await h.run(doc, { start: START, days: 1 });
    const mark = outcome.runOf('again').steps.find((s) => s.nodeId === 'mark')!;
    expect(mark.outcome).toBe('unchanged');
    expect(mark.reason).toBe('ничего не изменилось: тег «звонили» уже был; атрибут «touches» уже 1; тега «новый» не было');
  });
});
