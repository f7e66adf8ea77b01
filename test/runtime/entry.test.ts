import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileScenario } from '../../shared/scenario/compile';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import { audienceActivities, enrolCustomers } from '../../server/activities/audience';
import type { ActivityDeps } from '../../server/activities/deps';
import { SANDBOX_CHANNELS } from '../../server/simulate/run';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { reconcileRuns } from '../../server/temporal/reconcile';
import { startWorker, type RunningWorker } from '../../server/worker/start';
import type { customerRun } from '../../workflows/customerRun';
import { runWorkflowId } from '../../workflows/ids';
import { customer, order, startRuntimeHarness, type RuntimeHarness } from './harness';
import { until } from '../support/until';

// Entry is once per scenario, customer and trigger firing, however often and however concurrently the audience is
// evaluated; and a run whose workflow is ended outside Comeback does not keep its customer out for ever.

const TASK_QUEUE = 'entry-test';
const SCENARIO_ID = '33333333-3333-4333-8333-333333333333';
const DAY = 86_400_000;

// A short chain: it completes a moment after entry, which is what lets a careless enrolment enter someone twice.
const doc = ScenarioDocumentSchema.parse({
  format: 'scenario/v1',
  name: 'Короткая цепочка',
  settings: { timezone: 'Europe/Moscow' },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '12:00' } },
    { id: 'audience', type: 'filter', config: { condition: { field: 'orderCount', op: 'gte', value: 1 } } },
    { id: 'hello', type: 'send', config: { channel: 'email', text: 'Мы скучаем' } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'hello' },
  ],
});
const plan = compileScenario(doc, { scenarioId: SCENARIO_ID, version: 1 });

let h: RuntimeHarness;
let worker: RunningWorker;
let deps: ActivityDeps;
beforeAll(async () => {
  h = await startRuntimeHarness();
  worker = await startWorker({ sql: h.db.sql, connection: h.env.nativeConnection, namespace: 'default', taskQueue: TASK_QUEUE, channels: SANDBOX_CHANNELS });
  deps = { sql: h.db.sql, client: h.env.client, taskQueue: TASK_QUEUE, channels: SANDBOX_CHANNELS };
});
afterAll(async () => {
  await worker?.stop();
  await h?.stop();
});
beforeEach(async () => {
  await h.reset();
  await storePublishedScenario(h.db.sql, doc, plan, new Date(await h.env.currentTimeMs()));
});

const IDS = Array.from({ length: 40 }, (_, i) => `e${String(i).padStart(2, '0')}`);

async function shop() {
  await h.customers(IDS.map((id) => customer(id)));
  await h.orders(IDS.map((id) => order(`o-${id}`, id, '2025-06-01T12:00:00+03:00')));
}

/**
 * Waits until `runs` runs have ended in the database and no customer's workflow is still running (a start that
 * refused to enter leaves no row). Polled: awaiting workflow results would let the time-skipping server jump its
 * clock while the worker is still busy, and expire the workflow tasks in flight.
 */
async function settled(runs: number, ids = IDS) {
  for (;;) {
    const [row] = await h.db.sql<{ ended: number; running: number }[]>`
      SELECT count(*) FILTER (WHERE status <> 'running')::int AS ended, count(*) FILTER (WHERE status = 'running')::int AS running FROM runs`;
    if (row.ended >= runs && row.running === 0) {
      const open = await Promise.all(ids.map((id) => h.env.client.workflow.getHandle(runWorkflowId(SCENARIO_ID, id)).describe().then((d) => d.status.name === 'RUNNING', () => false)));
      if (!open.includes(true)) return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const page = (now: Date) => audienceActivities(deps).enrolPage({ plan, afterId: null, pageSize: 1000, now: now.toISOString(), clockOffsetMs: 0 });
const counts = async () =>
  (await h.db.sql<{ runs: number; messages: number }[]>`SELECT (SELECT count(*)::int FROM runs) AS runs, (SELECT count(*)::int FROM messages) AS messages`)[0];

describe('entry', () => {
  it('happens once per customer and firing: a retried page, two enrolments at once and a second one later that day enter nobody again', { timeout: 180_000 }, async () => {
    await shop();
    const noon = await h.clockTo('12:00', 'Europe/Moscow');
    // Two enrolments at once: the second may still start workflows for customers whose runs of this firing have not
    // written their row yet; those runs refuse to enter. What counts is who entered and what was sent.
    const [first, concurrent] = await Promise.all([page(noon), page(noon)]);
    expect(first.started + concurrent.started).toBeGreaterThanOrEqual(IDS.length);
    await settled(IDS.length);
    const retried = await page(noon);
    const evening = await page(new Date(noon.getTime() + 8 * 3_600_000));
    expect([retried.selected, evening.selected]).toEqual([0, 0]);
    expect(await counts()).toEqual({ runs: IDS.length, messages: IDS.length });

    // The next day is another firing: customers whose runs ended may enter again.
    const tomorrow = await page(new Date(noon.getTime() + DAY));
    expect(tomorrow.started).toBe(IDS.length);
    await settled(2 * IDS.length);
    expect(await counts()).toEqual({ runs: 2 * IDS.length, messages: 2 * IDS.length });
  });

  it('a start that slips past the audience query (the run of the same firing already completed) enters nobody', { timeout: 120_000 }, async () => {
    await shop();
    const noon = await h.clockTo('12:00', 'Europe/Moscow');
    const entry = { enteredAt: noon.toISOString(), clockOffsetMs: 0 };
    expect((await enrolCustomers(deps, plan, ['e01'], entry)).started).toBe(1);
    await settled(1, ['e01']);
    // The same customer started again for the same firing, as a page whose query ran before the first run's row
    // existed would: Temporal accepts the start (the first run is closed), the run itself refuses to enter.
    const again = await h.env.client.workflow.execute<typeof customerRun>('customerRun', {
      workflowId: runWorkflowId(SCENARIO_ID, 'e01'),
      taskQueue: TASK_QUEUE,
      args: [{ plan, customerId: 'e01', enteredAt: new Date(noon.getTime() + 60_000).toISOString() }],
    });
    expect(again).toMatchObject({ status: 'exited', reason: 'уже входил в сценарий в этот запуск' });
    expect(await counts()).toEqual({ runs: 1, messages: 1 });
  });
});

describe('reconciliation', () => {
  it('closes a run whose workflow was terminated outside Comeback, with a journal line, so the customer can enter again', { timeout: 120_000 }, async () => {
    const waiting = ScenarioDocumentSchema.parse({
      ...doc,
      nodes: [...doc.nodes, { id: 'nap', type: 'wait', config: { days: 3 } }, { id: 'bye', type: 'send', config: { channel: 'email', text: 'Пока' } }],
      edges: [...doc.edges, { from: 'hello', port: 'out', to: 'nap' }, { from: 'nap', port: 'out', to: 'bye' }],
    });
    const napping = compileScenario(waiting, { scenarioId: SCENARIO_ID, version: 2 });
    await h.db.sql`INSERT INTO scenario_versions (scenario_id, version, document, plan, published_at) VALUES (${SCENARIO_ID}, 2, ${h.db.sql.json(waiting as never)}, ${h.db.sql.json(napping as never)}, now())`;
    await shop();
    // Entered an hour ago by the database's clock (which reconciliation reads), whatever the test server's says.
    const entered = new Date(Date.now() - 3_600_000);
    expect((await enrolCustomers(deps, napping, ['e07', 'e08'], { enteredAt: entered.toISOString(), clockOffsetMs: 0 })).started).toBe(2);
    for (;;) {
      const rows = await h.db.sql`SELECT 1 FROM runs WHERE current_node_id = 'nap' AND next_wake_at IS NOT NULL`;
      if (rows.length === 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // An operator terminates one customer's workflow in the Temporal UI.
    await h.env.client.workflow.getHandle(runWorkflowId(SCENARIO_ID, 'e07')).terminate('cleaning up by hand');

    const report = await reconcileRuns(h.db.sql, h.env.client, { minAgeSeconds: 0 });
    expect(report).toMatchObject({ checked: 2, repaired: 1, failed: 0 });
    const runs = await h.db.sql<{ customer_id: string; status: string; end_reason: string | null }[]>`SELECT customer_id, status, end_reason FROM runs ORDER BY customer_id`;
    expect(runs).toEqual([
      { customer_id: 'e07', status: 'exited', end_reason: 'прервано вне Comeback: процесс клиента в Temporal остановлен' },
      { customer_id: 'e08', status: 'running', end_reason: null },
    ]);
    const [line] = await h.db.sql`SELECT s.node_id, s.outcome, s.reason FROM run_steps s JOIN runs r ON r.id = s.run_id WHERE r.customer_id = 'e07' ORDER BY s.id DESC LIMIT 1`;
    expect(line).toEqual({ node_id: 'nap', outcome: 'exited', reason: 'прервано вне Comeback: процесс клиента в Temporal остановлен' });
    // A second pass finds nothing more to repair; the terminated customer's row no longer keeps them out.
    expect((await reconcileRuns(h.db.sql, h.env.client, { minAgeSeconds: 0 })).repaired).toBe(0);
    const tomorrow = await enrolCustomers(deps, napping, ['e07'], { enteredAt: new Date(entered.getTime() + DAY).toISOString(), clockOffsetMs: 0 });
    expect(tomorrow.started).toBe(1);
    // Both runs asleep before they are terminated: an activity still in flight would go on writing into the next
    // test's tables (and deadlock with its TRUNCATE).
    await until('both runs asleep at the nap', async () => (await h.db.sql`SELECT 1 FROM runs WHERE status = 'running' AND current_node_id = 'nap' AND next_wake_at IS NOT NULL`).length === 2);
    await h.env.client.workflow.getHandle(runWorkflowId(SCENARIO_ID, 'e08')).terminate('test over');
    await h.env.client.workflow.getHandle(runWorkflowId(SCENARIO_ID, 'e07')).terminate('test over');
  });

  it("ends a run whose workflow finished on its own but whose last write was lost, as the workflow's result says", { timeout: 120_000 }, async () => {
    await shop();
    const entered = new Date(Date.now() - 3_600_000);
    expect((await enrolCustomers(deps, plan, ['e09'], { enteredAt: entered.toISOString(), clockOffsetMs: 0 })).started).toBe(1);
    await settled(1, ['e09']);
    const [ended] = await h.db.sql<{ status: string; ended_at: Date; end_reason: string }[]>`SELECT status, ended_at, end_reason FROM runs WHERE customer_id = 'e09'`;
    expect(ended.status).toBe('completed');
    // The process died between the workflow's end and the write of its row (endRun never landed).
    await h.db.sql`UPDATE runs SET status = 'running', ended_at = NULL, end_reason = NULL WHERE customer_id = 'e09'`;

    expect(await reconcileRuns(h.db.sql, h.env.client, { minAgeSeconds: 0 })).toMatchObject({ checked: 1, repaired: 1, failed: 0 });
    const [repaired] = await h.db.sql<{ status: string; ended_at: Date; end_reason: string }[]>`SELECT status, ended_at, end_reason FROM runs WHERE customer_id = 'e09'`;
    expect(repaired).toEqual(ended);
  });
});
