// The scenario report and A/B results over 500,000 runs of one scenario on real PostgreSQL (2 orders per customer,
// 4 journal lines and a message per run, a bonus grant for every other run, half of them redeemed), printed next to a
// bare count(*) of the scenario's runs as the floor. The report reads the pre-aggregated counts (and, for
// comparison, recounts from the runs). BENCH_RUNS overrides the size.
import { abReport } from '../../server/analytics/ab';
import { scenarioReport } from '../../server/analytics/report';
import { resolveScope } from '../../server/analytics/scope';
import { startTestDatabase } from '../support/postgres';
import { loadScenarioRuns } from './data';
import { figure } from './figures';

const RUNS = Number(process.env.BENCH_RUNS ?? 500_000);
const scenarioId = '33333333-3333-4333-8333-333333333333';

const db = await startTestDatabase();
const { sql } = db;
try {
  let t = performance.now();
  await loadScenarioRuns(sql, scenarioId, RUNS);
  await sql`ANALYZE`;
  console.log(`[report] ${RUNS.toLocaleString('en')} runs, ${(RUNS * 2).toLocaleString('en')} orders, ${(RUNS * 4).toLocaleString('en')} journal lines loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const median = async <T>(run: () => Promise<T>) => {
    let result = await run();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      result = await run();
      times.push(performance.now() - started);
    }
    return { ms: times.sort((a, b) => a - b)[2], result };
  };
  const count = await median(() => sql<{ n: number }[]>`SELECT count(*)::int AS n FROM runs WHERE scenario_id = ${scenarioId}`);
  const floor = { value: count.ms, what: `count(*) of the scenario's ${count.result[0].n.toLocaleString('en')} runs` };
  console.log(`[report] floor: SELECT count(*) of the scenario's runs: ${count.result[0].n.toLocaleString('en')} in ${count.ms.toFixed(0)} ms`);

  for (const [label, query] of [
    ['whole period', {}],
    ['one month', { from: '2026-02-01', to: '2026-02-28' }],
  ] as const) {
    const scope = await resolveScope(sql, scenarioId, query);
    const report = await median(() => scenarioReport(sql, scope));
    const ab = await median(() => abReport(sql, scope, 20));
    const recount = await median(() => scenarioReport(sql, scope, { recount: true }));
    const abRecount = await median(() => abReport(sql, scope, 20, { recount: true }));
    console.log(
      `[report] ${label}: report over ${report.result.totals.entered.toLocaleString('en')} runs in ${report.ms.toFixed(0)} ms ` +
        `(reactivation ${report.result.totals.reactivationRate?.toFixed(1)} %), A/B in ${ab.ms.toFixed(0)} ms (${ab.result.splits[0].groups.length} groups); ` +
        `recounted from the runs: ${recount.ms.toFixed(0)} ms and ${abRecount.ms.toFixed(0)} ms`,
    );
    const runs = `${report.result.totals.entered.toLocaleString('en')} runs`;
    figure({ name: `scenario report, ${label}, ${runs}`, value: report.ms, unit: 'ms', floor, goal: '< 300 ms', met: report.ms < 300 });
    figure({ name: `A/B results, ${label}, ${runs}`, value: ab.ms, unit: 'ms', floor, goal: '< 300 ms', met: ab.ms < 300 });
  }
} finally {
  await db.stop();
}
