// Entries on events: BENCH_ENTRIES orders (default 2,000), each a customer's first, ingested at once and delivered
// from the entry outbox to three published event scenarios (two order triggers the orders meet — first order, and at
// least 500 ₽ — and a custom-event trigger they do not), on the real dev server. The figure is the rate of runs
// started by deliverEntries (claiming the rows, reading the orders' facts, matching the triggers, each scenario's
// audience query restricted to the events' customers under its lock, the starts, deleting the rows); its floor is
// bare client.workflow.start of as many runs, 64 at a time, in the same process. Nothing executes the runs.
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { compileScenario } from '../../shared/scenario/compile';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import { deliverEntries } from '../../server/entries/deliver';
import { startTemporalDevServer } from '../../server/infra/temporalDev';
import { upsertCustomers } from '../../server/ingest/customers';
import { ingestOrders } from '../../server/ingest/orders';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { startTestDatabase } from '../support/postgres';
import { customer, order } from '../runtime/harness';
import { figure } from './figures';

Runtime.install({ logger: new DefaultLogger('WARN') });
const N = Number(process.env.BENCH_ENTRIES ?? 2000);

const [dev, db] = await Promise.all([startTemporalDevServer({ dataDir: null, headless: true, log: () => {} }), startTestDatabase()]);
const connection = await Connection.connect({ address: dev.address });
const client = new Client({ connection });
try {
  const scenario = (i: number, trigger: Record<string, unknown>) => {
    const doc = ScenarioDocumentSchema.parse({
      format: 'scenario/v1',
      name: `bench ${i}`,
      nodes: [{ id: 'start', ...trigger }, { id: 'later', type: 'wait', config: { days: 30 } }],
      edges: [{ from: 'start', port: 'out', to: 'later' }],
    });
    return storePublishedScenario(db.sql, doc, compileScenario(doc, { scenarioId: `33333333-3333-4333-8333-00000000000${i}`, version: 1 }), new Date());
  };
  await scenario(1, { type: 'orderTrigger', config: { firstOrder: true, reentry: { mode: 'once' } } });
  await scenario(2, { type: 'orderTrigger', config: { minAmount: 500, reentry: { mode: 'always' } } });
  await scenario(3, { type: 'eventTrigger', config: { eventType: 'cart_abandoned', reentry: { mode: 'always' } } });
  const ids = Array.from({ length: N }, (_, i) => `e${String(i).padStart(6, '0')}`);
  await upsertCustomers(db.sql, ids.map((id) => customer(id)));
  const now = new Date().toISOString();
  await ingestOrders(db.sql, ids.map((id) => order(`o-${id}`, id, now)));
  await db.sql`ANALYZE`;

  const bare = async (round: number) => {
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < 2 * N) {
          const i = next++;
          await client.workflow.start('empty', { workflowId: `bare-${round}-${i}`, taskQueue: 'bench-nobody', args: [] });
        }
      }),
    );
    return (performance.now() - t0) / 1000;
  };
  let bareSeconds = await bare(1);
  const deps = { sql: db.sql, client, taskQueue: 'bench-runs' };
  const t = performance.now();
  let started = 0;
  for (;;) {
    const r = await deliverEntries(deps);
    if (r.failed > 0) throw new Error(`delivery failed: ${r.error}`);
    started += r.started;
    if (r.delivered === 0) break;
  }
  const seconds = (performance.now() - t) / 1000;
  bareSeconds = (bareSeconds + (await bare(2))) / 2;
  const rate = started / seconds;
  const bareRate = (2 * N) / bareSeconds;
  console.log(`[entries] ${N} first orders → ${started} runs in ${seconds.toFixed(1)} s = ${rate.toFixed(0)}/s; bare starts ${bareRate.toFixed(0)}/s; ratio ${(rate / bareRate).toFixed(2)}`);
  figure({
    name: `entries: ${started.toLocaleString('en')} runs started on ${N.toLocaleString('en')} orders by the entry outbox, 3 event scenarios`,
    value: rate,
    unit: '/s',
    floor: { value: bareRate, what: 'bare client.workflow.start of as many runs, 64 at a time' },
  });
} finally {
  await connection.close();
  await dev.stop();
  await db.stop();
}
