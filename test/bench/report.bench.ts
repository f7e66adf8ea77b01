// The scenario report and A/B results over 500,000 runs of one scenario on real PostgreSQL (2 orders per customer,
// 4 journal lines and a message per run, a bonus grant for every other run, half of them redeemed), printed next to a
// bare count(*) of the scenario's runs as the floor. BENCH_RUNS overrides the size.
import { abReport } from '../../server/analytics/ab';
import { scenarioReport } from '../../server/analytics/report';
import { resolveScope } from '../../server/analytics/scope';
import { compileScenario } from '../../shared/scenario/compile';
import { giftVsDiscount } from '../../shared/scenario/examples/giftVsDiscount';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import { startTestDatabase } from '../support/postgres';

const RUNS = Number(process.env.BENCH_RUNS ?? 500_000);
const scenarioId = '33333333-3333-4333-8333-333333333333';
const base = new Date('2026-01-01T07:00:00Z');

const db = await startTestDatabase();
const { sql } = db;
try {
  let t = performance.now();
  const doc = ScenarioDocumentSchema.parse(giftVsDiscount);
  await sql`INSERT INTO scenarios (id, name, status, draft, current_version) VALUES (${scenarioId}, ${doc.name}, 'active', ${sql.json(doc as never)}, 1)`;
  await sql`INSERT INTO scenario_versions (scenario_id, version, document, plan)
            VALUES (${scenarioId}, 1, ${sql.json(doc as never)}, ${sql.json(compileScenario(doc, { scenarioId, version: 1 }) as never)})`;
  await sql`
    INSERT INTO customers (id, registered_at, sub_email) SELECT 'c' || i, ${base}::timestamptz - interval '400 days', true FROM generate_series(1, ${RUNS}) i`;
  // Each customer enters once, some day of the first 90; orders fall 0–90 days after the start of the year.
  await sql`
    INSERT INTO runs (id, workflow_id, scenario_id, version, customer_id, variant, status, entered_at, ended_at)
    SELECT 'r' || i, 'run:' || i, ${scenarioId}, 1, 'c' || i,
           CASE WHEN i % 10 = 0 THEN 'holdout' WHEN i % 2 = 0 THEN 'gift' ELSE 'discount' END,
           CASE WHEN i % 7 = 0 THEN 'converted' ELSE 'completed' END,
           ${base}::timestamptz + ((i::bigint * 7919) % 90) * interval '1 day', ${base}::timestamptz + ((i::bigint * 7919) % 90 + 3) * interval '1 day'
      FROM generate_series(1, ${RUNS}) i`;
  await sql`
    INSERT INTO orders (id, customer_id, amount, placed_at)
    SELECT 'o' || i || '-' || k, 'c' || i, 500 + (i % 1000), ${base}::timestamptz + ((i::bigint * 104729 + k * 31) % 120) * interval '1 day'
      FROM generate_series(1, ${RUNS}) i, generate_series(1, 2) k`;
  await sql`
    INSERT INTO run_steps (run_id, node_id, node_type, at, outcome, port, idempotency_key)
    SELECT 'r' || i, n.node_id, n.node_type, ${base}, n.outcome,
           CASE WHEN n.node_id = 'split' THEN CASE WHEN i % 10 = 0 THEN 'holdout' WHEN i % 2 = 0 THEN 'gift' ELSE 'discount' END ELSE n.port END,
           'r' || i || ':' || n.node_id
      FROM generate_series(1, ${RUNS}) i,
           (VALUES ('start', 'dailyTrigger', 'out', 'out'), ('audience', 'filter', 'yes', 'yes'), ('once', 'frequencyLimit', 'pass', 'pass'), ('split', 'abSplit', 'variant', null)) n(node_id, node_type, outcome, port)`;
  await sql`
    INSERT INTO messages (idempotency_key, run_id, scenario_id, node_id, customer_id, channel, recipient, text, status, provider, cost, created_at)
    SELECT 'r' || i || ':mail', 'r' || i, ${scenarioId}, CASE WHEN i % 2 = 0 THEN 'giftMail' ELSE 'discountMail' END, 'c' || i,
           CASE WHEN i % 2 = 0 THEN 'email' ELSE 'sms' END, 'x', 'Мы соскучились!', 'sent', 'sandbox', CASE WHEN i % 2 = 0 THEN 0.5 ELSE 3.5 END,
           ${base}::timestamptz + ((i::bigint * 7919) % 90) * interval '1 day'
      FROM generate_series(1, ${RUNS}) i WHERE i % 10 <> 0`;
  await sql`
    INSERT INTO bonus_ledger (customer_id, kind, points, at, run_id, node_id, idempotency_key)
    SELECT 'c' || i, 'grant', 500, ${base}, 'r' || i, 'gift', 'r' || i || ':gift' FROM generate_series(1, ${RUNS}) i WHERE i % 2 = 0 AND i % 10 <> 0`;
  await sql`
    INSERT INTO bonus_ledger (customer_id, kind, points, at, grant_id)
    SELECT customer_id, 'redeem', -200, at, id FROM bonus_ledger WHERE kind = 'grant' AND id % 2 = 0`;
  await sql`ANALYZE`;
  console.log(`[report] ${RUNS.toLocaleString('en')} runs, ${(RUNS * 2).toLocaleString('en')} orders, ${(RUNS * 4).toLocaleString('en')} journal lines loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  t = performance.now();
  const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM runs WHERE scenario_id = ${scenarioId}`;
  console.log(`[report] floor: SELECT count(*) of the scenario's runs: ${n.toLocaleString('en')} in ${(performance.now() - t).toFixed(0)} ms`);

  for (const [label, query] of [
    ['whole period', {}],
    ['one month', { from: '2026-02-01', to: '2026-02-28' }],
  ] as const) {
    const scope = await resolveScope(sql, scenarioId, query);
    t = performance.now();
    const report = await scenarioReport(sql, scope);
    const reportMs = performance.now() - t;
    t = performance.now();
    const ab = await abReport(sql, scope, 20);
    const abMs = performance.now() - t;
    console.log(
      `[report] ${label}: report over ${report.totals.entered.toLocaleString('en')} runs in ${reportMs.toFixed(0)} ms ` +
        `(reactivation ${report.totals.reactivationRate?.toFixed(1)} %), A/B in ${abMs.toFixed(0)} ms (${ab.splits[0].groups.length} groups)`,
    );
  }
} finally {
  await db.stop();
}
