import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScenario } from '../../shared/scenario/compile';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import { deliverEntries, startEntryDeliverer } from '../../server/entries/deliver';
import { upsertCustomers } from '../../server/ingest/customers';
import { ingestEvents } from '../../server/ingest/events';
import { ingestOrders } from '../../server/ingest/orders';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { startDevRig, type DevRig } from '../support/devRig';
import type { TestDatabase } from '../support/postgres';
import { until } from '../support/until';
import { customer, order } from './harness';

// Entries on events keep their promise when things go wrong: the real Temporal dev server (stopped and started again
// on its own data file), real PostgreSQL, an in-process worker, email to a fake SMTP server that counts what it got.
// Nothing depends on the clock: the scenarios send at once.

const TASK_QUEUE = 'event-entries-test';

const firstOrder = ScenarioDocumentSchema.parse({
  format: 'scenario/v1',
  name: 'Первый заказ',
  settings: { timezone: 'Europe/Moscow' },
  nodes: [
    { id: 'start', type: 'orderTrigger', config: { firstOrder: true, reentry: { mode: 'once' } } },
    { id: 'thanks', type: 'send', config: { channel: 'email', text: 'Спасибо за первый заказ {{ event.data.orderId }}' } },
  ],
  edges: [{ from: 'start', port: 'out', to: 'thanks' }],
});
const cart = ScenarioDocumentSchema.parse({
  format: 'scenario/v1',
  name: 'Брошенная корзина',
  settings: { timezone: 'Europe/Moscow' },
  nodes: [
    { id: 'start', type: 'eventTrigger', config: { eventType: 'cart_abandoned', reentry: { mode: 'always' } } },
    { id: 'remind', type: 'send', config: { channel: 'email', text: 'В корзине: {{ event.data.cart }}' } },
  ],
  edges: [{ from: 'start', port: 'out', to: 'remind' }],
});

let rig: DevRig;
let db: TestDatabase;
let client: Client;
const deps = () => ({ sql: db.sql, client, taskQueue: TASK_QUEUE });

beforeAll(async () => {
  rig = await startDevRig({ taskQueue: TASK_QUEUE, name: 'event-entries' });
  ({ db, client } = rig);
  await storePublishedScenario(db.sql, firstOrder, compileScenario(firstOrder, { scenarioId: '33333333-3333-4333-8333-333333333333', version: 1 }), new Date());
  await storePublishedScenario(db.sql, cart, compileScenario(cart, { scenarioId: '44444444-4444-4444-8444-444444444444', version: 1 }), new Date());
}, 120_000);
afterAll(() => rig?.stop());

const runsOf = (customerId: string) => db.sql<{ status: string; entry_key: string }[]>`SELECT status, entry_key FROM runs WHERE customer_id = ${customerId} ORDER BY entered_at`;
const mailsTo = (customerId: string) => rig.mailsTo(customerId);

describe('entries on events', () => {
  it('an order ingested while Temporal is away enters the customer once Temporal is back, and a repeated delivery enters nobody twice', { timeout: 240_000 }, async () => {
    await upsertCustomers(db.sql, [customer('away')]);
    const deliverer = startEntryDeliverer(deps(), { everyMs: 200, log: () => {} });
    try {
      await rig.stopTemporal();
      // Ingest does not depend on Temporal: the order and its entry duty are committed together.
      const ingested = await ingestOrders(db.sql, [order('o-first', 'away', new Date().toISOString())], { onOrdersIngested: () => deliverer.nudge() });
      expect(ingested.results).toEqual([{ index: 0, id: 'o-first', status: 'accepted' }]);
      await until('a failed entry attempt', async () => (await db.sql`SELECT 1 FROM entry_events WHERE key = 'order:o-first' AND attempts > 0 AND last_error IS NOT NULL`).length > 0);
      expect(await runsOf('away')).toEqual([]);

      await rig.startTemporal();
      await until('the thank-you', async () => mailsTo('away').length > 0, 120_000);
      await until('the run to end', async () => (await runsOf('away'))[0]?.status === 'completed');
      expect(await db.sql`SELECT * FROM entry_events`).toEqual([]);
    } finally {
      await deliverer.stop();
    }
    // A process that died after starting the run and before deleting the row delivers it again: nothing happens twice.
    await db.sql`INSERT INTO entry_events (key, customer_id, kind, at) SELECT 'order:' || id, customer_id, 'order', placed_at FROM orders WHERE id = 'o-first'`;
    const again = await deliverEntries(deps());
    expect(again).toMatchObject({ delivered: 1, failed: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await runsOf('away')).toEqual([{ status: 'completed', entry_key: 'order:o-first' }]);
    expect(mailsTo('away')).toEqual(['Спасибо за первый заказ o-first']);
  });

  it('forty requests at once with the same event enter the customer once', { timeout: 120_000 }, async () => {
    await upsertCustomers(db.sql, [customer('forty')]);
    const event = { id: 'evt-forty', customerId: 'forty', type: 'cart_abandoned', at: new Date().toISOString(), data: { cart: 'Капучино ×2' } };
    const results = await Promise.all(Array.from({ length: 40 }, () => ingestEvents(db.sql, [event])));
    expect(results.map((r) => r.results[0].status).sort()).toEqual(['accepted', ...Array(39).fill('duplicate')]);
    // Several deliverers side by side (API and worker processes) claim rows, never share them.
    await Promise.all([deliverEntries(deps()), deliverEntries(deps()), deliverEntries(deps())]);
    await until('the reminder', async () => mailsTo('forty').length > 0);
    await until('the run to end', async () => (await runsOf('forty'))[0]?.status === 'completed');
    expect(await runsOf('forty')).toEqual([{ status: 'completed', entry_key: 'event:evt-forty' }]);
    expect(mailsTo('forty')).toEqual(['В корзине: Капучино ×2']);
  });
});
