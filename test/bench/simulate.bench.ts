// A simulation of seed 003 (the Mindbox reactivation chain) for 200 customers over 90 days, as POST /api/simulate
// runs it: a throwaway database in a real PostgreSQL server, the production workflows and activities on Temporal's
// time-skipping test server. The floor is the same number of workflows with as many activities and timers doing
// nothing, on the same test server: what Temporal and its SDK cost before any work of ours.
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { mindboxReactivation } from '../../shared/scenario/examples/mindboxReactivation';
import { SimulationDatabases } from '../../server/simulate/databases';
import { parseSimulationRequest } from '../../server/simulate/request';
import { simulate } from '../../server/simulate/simulate';
import { closeTimeSkippingServer, withTimeSkippingServer } from '../../server/simulate/testServer';
import { customer, order, quietTemporalLogs } from '../runtime/harness';
import { startTestDatabase } from '../support/postgres';
import { figure } from './figures';

const CUSTOMERS = Number(process.env.BENCH_SIM_CUSTOMERS ?? 200);
const DAYS = 90;
const DAY = 86_400_000;
const START = '2026-03-02T00:00:00+03:00';

/** The simulate test's shop: most customers asleep for 200+ days, some crossing 180 days during the period, a tenth buying. */
function shop() {
  const customers = [];
  const orders = [];
  const events = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const id = `c${String(i).padStart(4, '0')}`;
    customers.push(customer(id, { name: `Покупатель ${i}` }));
    const daysAgo = i < CUSTOMERS * 0.75 ? 200 + (i % 150) : 180 - (i % 50);
    orders.push(order(`h-${id}`, id, new Date(Date.parse(START) - daysAgo * DAY).toISOString()));
    if (i % 10 === 3) events.push({ type: 'order', order: order(`e-${id}`, id, new Date(Date.parse(START) + (5 + (i % 40)) * DAY + 3 * 3_600_000).toISOString(), 990) });
  }
  return { customers, orders, events };
}

quietTemporalLogs();
const db = await startTestDatabase();
try {
  const databases = new SimulationDatabases(db.sql);
  const request = parseSimulationRequest({ scenario: mindboxReactivation, start: START, days: DAYS, ...shop() }, 'ru');
  const times: number[] = [];
  let runs = 0;
  let messages = 0;
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    const result = await simulate(request, databases);
    times.push(performance.now() - t);
    runs = result.runs.length;
    messages = result.summary.messages.total;
    console.log(`[simulate] round ${round + 1}: ${runs} runs, ${messages} messages in ${(times[round] / 1000).toFixed(1)} s${round === 0 ? ' (starts the test server)' : ''}`);
  }
  const warm = Math.min(...times.slice(1));

  // The floor: as many bare runs, each with the activities and timers of a seed-003 run (hello; 7 days; check, gift,
  // offer; 12 days; remind, task: about 8 activities and 2 timers, 52 history events), on the same test server.
  const floorMs = await withTimeSkippingServer(async (env) => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'bench-bare',
      workflowsPath: fileURLToPath(new URL('./bareWorkflow.ts', import.meta.url)),
      activities: { nothing: async () => {} },
    });
    return worker.runUntil(async () => {
      const t = performance.now();
      const handle = await env.client.workflow.start('bareSimulation', {
        workflowId: 'bare-simulation',
        taskQueue: 'bench-bare',
        args: [{ runs, shape: { activities: 8, timers: [7, 12] } }],
      });
      await handle.result();
      const ms = performance.now() - t;
      const history = await env.client.workflow.getHandle('bare-simulation-run-0').fetchHistory();
      console.log(`[simulate] floor: ${runs} bare runs (8 activities, 2 timers, ${history.events?.length} history events each) in ${(ms / 1000).toFixed(1)} s`);
      return ms;
    });
  });
  figure({
    name: `simulation, seed 003, ${CUSTOMERS} customers × ${DAYS} days (${runs} runs, ${messages} messages), warm test server`,
    value: warm / 1000,
    unit: 's',
    floor: { value: floorMs / 1000, what: `${runs} bare runs, as many activities and timers, same server` },
    goal: '< 10 s',
    met: warm < 10_000,
  });
} finally {
  await closeTimeSkippingServer();
  await db.stop();
}
