import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScenario } from '../../shared/scenario/compile';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import { enrolCustomers } from '../../server/activities/audience';
import { upsertCustomers } from '../../server/ingest/customers';
import { ingestOrders } from '../../server/ingest/orders';
import { SANDBOX_CHANNELS } from '../../server/simulate/run';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { startOrderSignalDeliverer } from '../../server/temporal/orderSignals';
import { skipWait } from '../../workflows/signals';
import { startDevRig, type DevRig } from '../support/devRig';
import type { TestDatabase } from '../support/postgres';
import { until } from '../support/until';
import { customer, order } from './harness';

// A purchase stops the chain even when Temporal is away at the moment it is ingested. The real dev server on its own
// data file (stopped and started again on the same port), real PostgreSQL, an in-process worker, email to a fake
// SMTP server that counts what it accepts. Nothing here depends on the clock: the chain waits a whole day, and the
// test cuts that wait short with support's skipWait instead of waiting for it.

const TASK_QUEUE = 'stop-on-purchase-test';
const SCENARIO_ID = '22222222-2222-4222-8222-222222222222';

const doc = ScenarioDocumentSchema.parse({
  format: 'scenario/v1',
  name: 'Вернуть до покупки',
  settings: { timezone: 'Europe/Moscow', stopOnPurchase: true },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
    { id: 'hello', type: 'send', config: { channel: 'email', text: 'Мы скучаем' } },
    { id: 'day', type: 'wait', config: { days: 1 } },
    { id: 'gift', type: 'grantBonus', config: { points: 300, expiresInDays: 14 } },
    { id: 'offer', type: 'send', config: { channel: 'email', text: 'Дарим баллы' } },
    { id: 'call', type: 'task', config: { text: 'Позвонить' } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'hello' },
    { from: 'hello', port: 'out', to: 'day' },
    { from: 'day', port: 'out', to: 'gift' },
    { from: 'gift', port: 'out', to: 'offer' },
    { from: 'offer', port: 'out', to: 'call' },
  ],
});
const plan = compileScenario(doc, { scenarioId: SCENARIO_ID, version: 1 });

let rig: DevRig;
let db: TestDatabase;
let client: Client;

beforeAll(async () => {
  rig = await startDevRig({ taskQueue: TASK_QUEUE, name: 'stop-on-purchase' });
  ({ db, client } = rig);
  await storePublishedScenario(db.sql, doc, plan, new Date());
}, 120_000);
afterAll(() => rig?.stop());

const runOf = async (customerId: string) =>
  (await db.sql<{ id: string; workflow_id: string; status: string; end_reason: string | null; next_wake_at: Date | null }[]>`
    SELECT id, workflow_id, status, end_reason, next_wake_at FROM runs WHERE customer_id = ${customerId}`)[0];
const mailsTo = (customerId: string) => rig.mailsTo(customerId);
const effectsOf = async (customerId: string) =>
  (await db.sql<{ grants: number; tasks: number }[]>`
    SELECT (SELECT count(*)::int FROM bonus_ledger WHERE customer_id = ${customerId} AND kind = 'grant') AS grants,
           (SELECT count(*)::int FROM staff_tasks WHERE customer_id = ${customerId}) AS tasks`)[0];

/** Enrols the customers now and waits until each has had the first message and waits out its day. */
async function enrolAndWait(ids: string[]) {
  await upsertCustomers(db.sql, ids.map((id) => customer(id)));
  const { started } = await enrolCustomers(
    { sql: db.sql, client, taskQueue: TASK_QUEUE, channels: SANDBOX_CHANNELS },
    plan,
    ids,
    { enteredAt: new Date().toISOString(), clockOffsetMs: 0 },
  );
  expect(started).toBe(ids.length);
  for (const id of ids) await until(`${id} waiting after the first message`, async () => (await runOf(id))?.next_wake_at != null && mailsTo(id).length === 1);
}

describe('a purchase stops the chain', () => {
  it('even when Temporal is away at ingest: the order waits in the outbox and reaches the run once Temporal is back', { timeout: 240_000 }, async () => {
    await enrolAndWait(['away']);
    const deliverer = startOrderSignalDeliverer(db.sql, client, { everyMs: 200, log: () => {} });
    try {
      await rig.stopTemporal();
      // Ingest does not depend on Temporal: the order and its signal are committed together, whatever Temporal does.
      const ingested = await ingestOrders(db.sql, [order('o-away', 'away', new Date().toISOString())], { onOrdersIngested: () => deliverer.nudge() });
      expect(ingested.results).toEqual([{ index: 0, id: 'o-away', status: 'accepted' }]);
      await until('a failed delivery attempt', async () => (await db.sql`SELECT 1 FROM order_signals WHERE order_id = 'o-away' AND attempts > 0 AND last_error IS NOT NULL`).length > 0);
      expect((await runOf('away')).status).toBe('running');

      await rig.startTemporal();
      await until('the run to end', async () => (await runOf('away')).status !== 'running', 120_000);
      const run = await runOf('away');
      expect(run.status).toBe('converted');
      expect(run.end_reason).toContain('заказ o-away');
      expect(await db.sql`SELECT * FROM order_signals`).toEqual([]);
      expect(mailsTo('away')).toEqual(['Мы скучаем']);
      expect(await effectsOf('away')).toEqual({ grants: 0, tasks: 0 });
    } finally {
      await deliverer.stop();
    }
  });

  it('even when the signal never arrives: the next effect looks for the order itself and ends the run instead', { timeout: 120_000 }, async () => {
    await enrolAndWait(['unsignalled']);
    // No deliverer runs: the order's signal stays in the outbox. Support cuts the day's wait short.
    await ingestOrders(db.sql, [order('o-unsignalled', 'unsignalled', new Date().toISOString())]);
    await client.workflow.getHandle((await runOf('unsignalled')).workflow_id).signal(skipWait, { by: 'test' });
    await until('the run to end', async () => (await runOf('unsignalled')).status !== 'running');
    const run = await runOf('unsignalled');
    expect(run.status).toBe('converted');
    expect(run.end_reason).toContain('заказ o-unsignalled');
    expect(mailsTo('unsignalled')).toEqual(['Мы скучаем']);
    expect(await effectsOf('unsignalled')).toEqual({ grants: 0, tasks: 0 });
    // The journal says where the run stopped, and why.
    const [last] = await db.sql`SELECT node_id, outcome, reason FROM run_steps WHERE run_id = ${run.id} ORDER BY id DESC LIMIT 1`;
    expect(last).toMatchObject({ node_id: 'gift', outcome: 'converted', reason: expect.stringContaining('заказ o-unsignalled') });
    await db.sql`DELETE FROM order_signals`;
  });

  it('but an order placed before entry does not stop it', { timeout: 120_000 }, async () => {
    await upsertCustomers(db.sql, [customer('regular')]);
    await ingestOrders(db.sql, [order('o-before', 'regular', new Date(Date.now() - 3_600_000).toISOString())]);
    await db.sql`DELETE FROM order_signals`;
    await enrolAndWait(['regular']);
    await client.workflow.getHandle((await runOf('regular')).workflow_id).signal(skipWait, { by: 'test' });
    await until('the run to end', async () => (await runOf('regular')).status !== 'running');
    expect((await runOf('regular')).status).toBe('completed');
    expect(mailsTo('regular')).toEqual(['Мы скучаем', 'Дарим баллы']);
    expect(await effectsOf('regular')).toEqual({ grants: 1, tasks: 1 });
  });
});
