// Enrolment rate of the audience workflow on the real dev server (select pages, start one customer run each, with the
// worker also executing those runs) against bare `client.workflow.start` of an empty workflow in the same process;
// and the number of history events of one complete seed-003 run.
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { compileScenario } from '../../shared/scenario/compile';
import { scenarioExamples } from '../../shared/scenario/examples';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import { startTemporalDevServer } from '../../server/infra/temporalDev';
import { upsertCustomers } from '../../server/ingest/customers';
import { ingestOrders } from '../../server/ingest/orders';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { createScenarioRuntime } from '../../server/temporal/scenarioRuntime';
import { startWorker } from '../../server/worker/start';
import { runWorkflowId } from '../../workflows/ids';
import { startTestDatabase } from '../support/postgres';
import { customer, order, startRuntimeHarness } from '../runtime/harness';
import { figure } from './figures';

Runtime.install({ logger: new DefaultLogger('WARN') });
const N = Number(process.env.BENCH_ENROL ?? 2000);

async function enrolmentRate() {
  const [dev, db] = await Promise.all([startTemporalDevServer({ dataDir: null, headless: true, log: () => {} }), startTestDatabase()]);
  const native = await NativeConnection.connect({ address: dev.address });
  const connection = await Connection.connect({ address: dev.address });
  const client = new Client({ connection });
  // Runs go to their own queue, polled by a second worker only in the second measurement.
  const worker = await startWorker({ sql: db.sql, connection: native, namespace: 'default', taskQueue: 'bench', runTaskQueue: 'bench-runs' });
  let runWorker: Awaited<ReturnType<typeof startWorker>> | null = null;
  try {
    const ids = Array.from({ length: N }, (_, i) => `b${String(i).padStart(6, '0')}`);
    for (let i = 0; i < ids.length; i += 5000) {
      await upsertCustomers(db.sql, ids.slice(i, i + 5000).map((id) => customer(id)));
      await ingestOrders(db.sql, ids.slice(i, i + 5000).map((id) => order(`o-${id}`, id, '2025-06-01T12:00:00+03:00')));
    }
    // Each run enters and waits: the worker's share of the load is what a real daily evaluation costs.
    const doc = ScenarioDocumentSchema.parse({
      format: 'scenario/v1',
      name: 'bench',
      nodes: [
        { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
        { id: 'audience', type: 'filter', config: { condition: { field: 'orderCount', op: 'gte', value: 1 } } },
        { id: 'later', type: 'wait', config: { days: 30 } },
      ],
      edges: [
        { from: 'start', port: 'out', to: 'audience' },
        { from: 'audience', port: 'yes', to: 'later' },
      ],
    });
    const scenarioId = '33333333-3333-4333-8333-333333333333';
    const plan = compileScenario(doc, { scenarioId, version: 1 });
    await storePublishedScenario(db.sql, doc, plan, new Date());
    const runtime = createScenarioRuntime({ client, sql: db.sql, taskQueue: 'bench' });

    // As many bare starts, at the enrolment's concurrency, of a workflow type nobody polls (nothing runs them);
    // measured before and after the audience, since the machine's load drifts.
    const bare = async (round: number) => {
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 64 }, async () => {
          while (next < N) {
            const i = next++;
            await client.workflow.start('empty', { workflowId: `bare-${round}-${i}`, taskQueue: 'bench-nobody', args: [] });
          }
        }),
      );
      return (performance.now() - t0) / 1000;
    };
    let bareSeconds = await bare(1);

    // Then the audience: select pages, start a run per customer (nothing executes the runs yet).
    let t = performance.now();
    const totals = await runtime.enrolNow(scenarioId);
    const enrolSeconds = (performance.now() - t) / 1000;
    const enrolRate = totals.started / enrolSeconds;
    bareSeconds = (bareSeconds + (await bare(2))) / 2;
    const bareRate = N / bareSeconds;
    console.log(`[enrolment] bare client.workflow.start: ${N} in ${bareSeconds.toFixed(1)} s = ${bareRate.toFixed(0)}/s (mean of a run before and after)`);
    console.log(`[enrolment] audience workflow: ${totals.started} runs started in ${enrolSeconds.toFixed(1)} s = ${enrolRate.toFixed(0)}/s`);
    console.log(`[enrolment] ratio: ${(enrolRate / bareRate).toFixed(2)} (goal ≥ 0.9)`);
    figure({
      name: `enrolment: ${totals.started.toLocaleString('en')} runs started by the audience workflow`,
      value: enrolRate,
      unit: '/s',
      floor: { value: bareRate, what: 'bare client.workflow.start, 64 at a time' },
      goal: 'ratio ≥ 0.9',
      met: enrolRate / bareRate >= 0.9,
    });
    const terminateAll = () =>
      Promise.all(Array.from({ length: N }, (_, i) => client.workflow.getHandle(runWorkflowId(scenarioId, ids[i])).terminate('bench over').catch(() => {})));
    await terminateAll();
    await db.sql`UPDATE runs SET status = 'exited' WHERE status = 'running'`;

    // Once more with a worker executing the runs as they start, in this same process (2 cores shared).
    runWorker = await startWorker({ sql: db.sql, connection: native, namespace: 'default', taskQueue: 'bench-runs' });
    t = performance.now();
    const again = await client.workflow.execute('audience', { workflowId: `audience:${scenarioId}:again`, taskQueue: 'bench', args: [{ scenarioId }] });
    const loadedSeconds = (performance.now() - t) / 1000;
    console.log(`[enrolment] audience with the runs executing alongside: ${again.started} in ${loadedSeconds.toFixed(1)} s = ${(again.started / loadedSeconds).toFixed(0)}/s (ratio ${(again.started / loadedSeconds / bareRate).toFixed(2)})`);
    figure({
      name: 'enrolment with the runs executing in the same process',
      value: again.started / loadedSeconds,
      unit: '/s',
      floor: { value: bareRate, what: 'bare client.workflow.start' },
    });
    await terminateAll();
  } finally {
    await runWorker?.stop();
    await worker.stop();
    await native.close();
    await connection.close();
    await dev.stop();
    await db.stop();
  }
}

async function historyOfOneRun() {
  const h = await startRuntimeHarness();
  try {
    await h.customers([customer('anna')]);
    await h.orders([order('a1', 'anna', '2025-08-01T12:00:00+03:00')]);
    const mindbox = scenarioExamples.find((e) => e.key === 'mindbox-reactivation')!.document;
    const outcome = await h.run(mindbox, { start: '2026-03-02T00:00:00+03:00', days: 25 });
    const run = outcome.runOf('anna');
    const history = await h.env.client.workflow.getHandle(runWorkflowId(outcome.plan.scenarioId, 'anna')).fetchHistory();
    console.log(`[history] one seed-003 run (${run.steps.length} journal steps, ${run.messages.length} messages, status ${run.status}): ${history.events?.length} history events`);
    figure({ name: `history events of one seed-003 run (${run.steps.length} journal steps, ${run.messages.length} messages)`, value: history.events?.length ?? 0, unit: 'events' });
  } finally {
    await h.stop();
  }
}

await enrolmentRate();
await historyOfOneRun();
