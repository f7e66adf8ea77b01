// Does the server keep answering while heavy work runs? GET /api/health, called every 20 ms, while at once an analyst
// reloads the RFM matrix of 1,000,000 customers, another the report of a 500,000-run scenario, and a marketer runs
// a simulation of 1,000 customers — the API and its HTTP server in this process, as `npm start` runs them. The floor
// is the same health calls on the idle server. BENCH_CUSTOMERS, BENCH_RUNS and BENCH_SIM_CUSTOMERS set the sizes.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mindboxReactivation } from '../../shared/scenario/examples/mindboxReactivation';
import { refreshCustomerStats } from '../../server/ingest/stats';
import { closeTimeSkippingServer } from '../../server/simulate/testServer';
import { customer, order, quietTemporalLogs } from '../runtime/harness';
import { startTestApi } from '../support/api';
import { loadScenarioRuns, loadShop } from './data';
import { figure } from './figures';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 500_000);
const SIM_CUSTOMERS = Number(process.env.BENCH_SIM_CUSTOMERS ?? 1_000);
const GOAL_MS = 100;
const scenarioId = '44444444-4444-4444-8444-444444444444';
const fmt = (n: number) => n.toLocaleString('en');
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

quietTemporalLogs();
const api = await startTestApi();
try {
  let t = performance.now();
  await loadShop(api.sql, CUSTOMERS);
  await refreshCustomerStats(api.sql, 'all');
  await loadScenarioRuns(api.sql, scenarioId, RUNS);
  await api.sql`ANALYZE`;
  console.log(`[responsiveness] ${fmt(CUSTOMERS)} customers with orders and ${fmt(RUNS)} runs loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const [analyst, marketer] = await Promise.all([api.loginAs('analyst'), api.loginAs('marketer')]);

  /** Health every 20 ms until `done` settles; the times of the calls, sorted. */
  const healthWhile = async (done: Promise<unknown>) => {
    let over = false;
    void done.finally(() => (over = true));
    const times: number[] = [];
    while (!over) {
      const started = performance.now();
      const res = await fetch(`${api.baseUrl}/api/health`);
      await res.arrayBuffer();
      times.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
    return times.sort((a, b) => a - b);
  };

  const idle = await healthWhile(new Promise((r) => setTimeout(r, 5_000)));
  console.log(`[responsiveness] idle: /api/health p50 ${pct(idle, 0.5).toFixed(1)} ms, p99 ${pct(idle, 0.99).toFixed(1)} ms (${idle.length} calls)`);

  const DAY = 86_400_000;
  const START = '2026-03-02T00:00:00+03:00';
  const simCustomers = Array.from({ length: SIM_CUSTOMERS }, (_, i) => customer(`s${i}`));
  const simOrders = simCustomers.map((c, i) => order(`h-${c.id}`, c.id, new Date(Date.parse(START) - (200 + (i % 100)) * DAY).toISOString()));
  const counts = { rfm: 0, report: 0, simulation: '' };
  t = performance.now();
  const simulation = marketer
    .post('/api/simulate', { scenario: mindboxReactivation, start: START, days: 30, customers: simCustomers, orders: simOrders })
    .then((res) => (counts.simulation = `${res.status}, ${res.body.runs?.length ?? 0} runs`));
  let loading = true;
  const loop = async (path: string, key: 'rfm' | 'report') => {
    while (loading) {
      const res = await analyst.get(path);
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      counts[key]++;
    }
  };
  const loops = Promise.all([loop('/api/rfm', 'rfm'), loop(`/api/scenarios/${scenarioId}/report`, 'report')]);
  // How long the API's own thread was kept from answering, apart from waiting on PostgreSQL and Temporal (which the
  // health check calls, and which share the machine's cores with the load).
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const loaded = await healthWhile(simulation);
  delay.disable();
  loading = false;
  await loops;
  const seconds = (performance.now() - t) / 1000;
  const p99 = pct(loaded, 0.99);
  console.log(
    `[responsiveness] for ${seconds.toFixed(1)} s: simulation ${counts.simulation}, ${counts.rfm} RFM matrices and ${counts.report} reports; ` +
      `/api/health p50 ${pct(loaded, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${loaded[loaded.length - 1].toFixed(1)} ms (${loaded.length} calls)`,
  );
  const loopP99 = delay.percentile(99) / 1e6;
  console.log(`[responsiveness] event-loop delay of the API process meanwhile: p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${loopP99.toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`);
  figure({ name: 'event-loop delay p99 of the API process under the same load', value: loopP99, unit: 'ms', goal: `< ${GOAL_MS} ms`, met: loopP99 < GOAL_MS });
  figure({
    name: `/api/health p99 during a ${fmt(SIM_CUSTOMERS)}-customer simulation, RFM of ${fmt(CUSTOMERS)} and a ${fmt(RUNS)}-run report on repeat`,
    value: p99,
    unit: 'ms',
    floor: { value: pct(idle, 0.99), what: 'p99 of the idle server' },
    goal: `< ${GOAL_MS} ms`,
    met: p99 < GOAL_MS,
  });
} finally {
  await closeTimeSkippingServer();
  await api.stop();
}
