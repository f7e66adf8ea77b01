// The move planner on a scenario with BENCH_MOVE_RUNS live runs (default 20,000) of seed 003's v1, half waiting at
// w7 and half at w12 (with their bonus), and v2 without w12: the planner, the 30-day dry run and applying the plan
// (w7 → move, w12 → exit), each beside its floor — the bare reads and writes of the same rows without the product's
// logic: the grouped count of the live runs, reading the runs and their customers' facts, and one INSERT … SELECT of
// a row per run.
import { compileScenario } from '../../shared/scenario/compile';
import { mindboxReactivation } from '../../shared/scenario/examples/mindboxReactivation';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import { loadFactsOf } from '../../server/customers/facts';
import { applyMovePlan } from '../../server/moves/apply';
import { checkChoices } from '../../server/moves/choices';
import { liveRuns, liveVersions } from '../../server/moves/live';
import { movePlanner } from '../../server/moves/planner';
import { previewMoves } from '../../server/moves/preview';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { startTestDatabase } from '../support/postgres';
import { figure } from './figures';

const RUNS = Number(process.env.BENCH_MOVE_RUNS ?? 20_000);
const ROUNDS = 5;
const SCENARIO = '00000000-0000-4000-8000-00000000b013';
const fmt = (n: number) => n.toLocaleString('en');

async function timed<T>(run: () => Promise<T>, rounds = ROUNDS): Promise<{ ms: number; result: T }> {
  let result = await run();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    result = await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result };
}

const db = await startTestDatabase();
const { sql } = db;
try {
  const v1doc = ScenarioDocumentSchema.parse(structuredClone(mindboxReactivation));
  const v2doc = ScenarioDocumentSchema.parse({
    ...structuredClone(mindboxReactivation),
    nodes: mindboxReactivation.nodes.filter((n) => n.id !== 'w12'),
    edges: mindboxReactivation.edges.filter((e) => e.from !== 'w12' && e.to !== 'w12').concat({ from: 'offer', port: 'out', to: 'remind' }),
  });
  await storePublishedScenario(sql, v1doc, compileScenario(v1doc, { scenarioId: SCENARIO, version: 1 }), new Date());
  await sql`INSERT INTO scenario_versions (scenario_id, version, document, plan) VALUES (${SCENARIO}, 2, ${sql.json(v2doc as never)}, ${sql.json(compileScenario(v2doc, { scenarioId: SCENARIO, version: 2 }) as never)})`;
  await sql`UPDATE scenarios SET current_version = 2 WHERE id = ${SCENARIO}`;
  await sql`
    INSERT INTO customers (id, name, email, registered_at, sub_email)
    SELECT 'c' || lpad(i::text, 7, '0'), 'Клиент ' || i, 'c' || i || '@example.ru', now() - interval '400 days', true FROM generate_series(1, ${RUNS}) AS i`;
  await sql`
    INSERT INTO runs (id, workflow_id, scenario_id, version, customer_id, status, entered_at, current_node_id, next_wake_at)
    SELECT 'r' || i, 'run:' || i, ${SCENARIO}, 1, 'c' || lpad(i::text, 7, '0'), 'running', now() - interval '3 days',
           CASE WHEN i % 2 = 0 THEN 'w7' ELSE 'w12' END, now() + CASE WHEN i % 2 = 0 THEN interval '4 days' ELSE interval '9 days' END
      FROM generate_series(1, ${RUNS}) AS i`;
  await sql`
    INSERT INTO bonus_ledger (customer_id, kind, points, at, expires_at, run_id, node_id, idempotency_key)
    SELECT 'c' || lpad(i::text, 7, '0'), 'grant', 300, now() - interval '1 day', now() + interval '13 days', 'r' || i, 'gift', 'r' || i || ':gift'
      FROM generate_series(1, ${RUNS}) AS i WHERE i % 2 = 1`;
  await sql`ANALYZE`;
  console.log(`[moves] ${fmt(RUNS)} live runs of v1 (half at w7, half at w12 with a bonus), v2 without w12`);

  const choices = { '1': { w7: { action: 'move' as const, to: 'w7' }, w12: { action: 'exit' as const } } };
  const countFloor = await timed(() => sql`SELECT current_node_id, count(*), min(next_wake_at), max(next_wake_at) FROM runs WHERE scenario_id = ${SCENARIO} AND status = 'running' GROUP BY 1`);
  const planner = await timed(() => movePlanner(sql, SCENARIO));
  const readFloor = await timed(async () => {
    let n = 0;
    for await (const page of liveRuns(sql, SCENARIO, [1])) n += (await loadFactsOf(sql, page.map((r) => r.customerId), new Date())).size;
    return n;
  });
  const preview = await timed(async () => previewMoves(sql, checkChoices(await liveVersions(sql, SCENARIO), choices, 'ru'), { scenarioId: SCENARIO }));
  const insertFloor = await timed(async () => {
    await sql`CREATE TEMP TABLE IF NOT EXISTS bare_moves (run_id text, workflow_id text, node text)`;
    await sql`TRUNCATE bare_moves`;
    await sql`INSERT INTO bare_moves SELECT id, workflow_id, current_node_id FROM runs WHERE scenario_id = ${SCENARIO} AND status = 'running'`;
  });
  const apply = await timed(() => applyMovePlan(sql, SCENARIO, choices, { userId: null, name: 'bench' }, 'ru'), 3);

  console.log(`[moves] planner: ${planner.ms.toFixed(0)} ms (grouped count of the live runs: ${countFloor.ms.toFixed(0)} ms)`);
  console.log(`[moves] dry run: ${fmt(preview.result.runs)} runs, ${fmt(preview.result.changed)} change, ${preview.ms.toFixed(0)} ms (reading the runs and their facts: ${readFloor.ms.toFixed(0)} ms)`);
  console.log(`[moves] apply: ${fmt(Object.values(apply.result.counts).reduce((a, b) => a + b, 0))} rows in ${apply.ms.toFixed(0)} ms (INSERT … SELECT of a row per run: ${insertFloor.ms.toFixed(0)} ms)`);
  figure({ name: `move planner, ${fmt(RUNS)} live runs`, value: planner.ms, unit: 'ms', floor: { value: countFloor.ms, what: 'grouped count of the live runs' } });
  figure({ name: `move dry run over ${fmt(RUNS)} live runs, 30 days`, value: preview.ms, unit: 'ms', floor: { value: readFloor.ms, what: 'reading the runs and their facts' }, goal: '< 3000 ms', met: preview.ms < 3000 });
  figure({ name: `apply a move plan to ${fmt(RUNS)} runs`, value: apply.ms, unit: 'ms', floor: { value: insertFloor.ms, what: 'INSERT … SELECT of a row per run' } });
} finally {
  await db.stop();
}
