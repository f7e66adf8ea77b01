import { afterAll, beforeAll, expect, it } from 'vitest';
import { compileScenario } from '../../shared/scenario/compile';
import { mindboxReactivation } from '../../shared/scenario/examples/mindboxReactivation';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import type { customerRun } from '../../workflows/customerRun';
import { runWorkflowId } from '../../workflows/ids';
import { currentNodeQuery, exitRun, nextWakeAtQuery, pathQuery, skipWait } from '../../workflows/signals';
import { SANDBOX_CHANNELS } from '../../server/simulate/run';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { startWorker, type RunningWorker } from '../../server/worker/start';
import { customer, order, startRuntimeHarness, type RuntimeHarness } from './harness';

let h: RuntimeHarness;
let worker: RunningWorker;
beforeAll(async () => {
  h = await startRuntimeHarness();
  worker = await startWorker({ sql: h.db.sql, connection: h.env.nativeConnection, namespace: 'default', taskQueue: 'support', channels: SANDBOX_CHANNELS });
});
afterAll(async () => {
  await worker?.stop();
  await h?.stop();
});

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('support can see where a run is, cut a wait short and take the customer out', async () => {
  await h.customers([customer('anna', { name: 'Анна' })]);
  await h.orders([order('a1', 'anna', '2025-08-01T12:00:00+03:00')]);
  const doc = ScenarioDocumentSchema.parse(mindboxReactivation);
  const plan = compileScenario(doc, { scenarioId: '44444444-4444-4444-8444-444444444444', version: 1 });
  // Noon in Moscow, outside the example's quiet hours (21:00–09:00), whatever the machine's clock says: the first
  // message goes out at once and the run reaches its first wait.
  const noon = await h.clockTo('12:00', doc.settings.timezone);
  await storePublishedScenario(h.db.sql, doc, plan, noon);
  // Time skips only while someone waits for a result: until then the run sits at its first timer.
  const handle = await h.env.client.workflow.start<typeof customerRun>('customerRun', {
    workflowId: runWorkflowId(plan.scenarioId, 'anna'),
    taskQueue: 'support',
    args: [{ plan, customerId: 'anna', enteredAt: new Date(await h.env.currentTimeMs()).toISOString() }],
  });

  const wake = await until(() => handle.query(nextWakeAtQuery), (v) => v !== null);
  expect(await handle.query(currentNodeQuery)).toBe('w7');
  const enteredAt = Date.parse((await handle.query(pathQuery))[0].at);
  // Seven days from when the run reached the wait (a moment after entry: the clock runs when nothing skips it).
  expect(Math.round((Date.parse(wake!) - enteredAt) / 3_600_000)).toBe(7 * 24);
  const [row] = await h.db.sql<{ current_node_id: string; next_wake_at: Date }[]>`SELECT current_node_id, next_wake_at FROM runs WHERE customer_id = 'anna'`;
  expect(row).toEqual({ current_node_id: 'w7', next_wake_at: new Date(wake!) });

  await handle.signal(skipWait, { by: 'support' });
  await until(() => handle.query(currentNodeQuery), (v) => v === 'w12');
  const path = await handle.query(pathQuery);
  expect(path.map((p) => `${p.nodeId}:${p.port}`)).toEqual(['start:out', 'audience:yes', 'once:pass', 'hello:out', 'w7:out', 'bought:no', 'gift:out', 'offer:out']);

  await handle.signal(exitRun, { reason: 'попросил не писать', by: 'Ольга (поддержка)' });
  expect(await handle.result()).toMatchObject({ status: 'exited', reason: 'выведен из сценария (Ольга (поддержка)): попросил не писать' });
  const steps = await h.db.sql<{ node_id: string; outcome: string; reason: string | null }[]>`
    SELECT node_id, outcome, reason FROM run_steps s JOIN runs r ON r.id = s.run_id WHERE r.customer_id = 'anna' ORDER BY s.at, s.id`;
  expect(steps.find((s) => s.node_id === 'w7' && s.outcome === 'skipped')?.reason).toBe('ожидание прервано сотрудником');
  expect(steps.at(-1)).toMatchObject({ node_id: 'w12', outcome: 'exited' });
  const [run] = await h.db.sql<{ status: string; end_reason: string; next_wake_at: Date | null }[]>`SELECT status, end_reason, next_wake_at FROM runs WHERE customer_id = 'anna'`;
  expect(run).toMatchObject({ status: 'exited', next_wake_at: null });
  const messages = await h.db.sql<{ node_id: string }[]>`SELECT node_id FROM messages ORDER BY id`;
  expect(messages.map((m) => m.node_id)).toEqual(['hello', 'offer']);
});
