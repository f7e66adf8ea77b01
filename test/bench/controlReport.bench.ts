// The program report against the global control group (GET /api/reports/program) for a shop of 100,000 customers
// with a 5 % control group and five daily scenarios over 90 days: every scenario selects 19,000 customers who enter
// once and 5,000 held-out customers who are recorded again at every firing from their first day on (about 1.5 million
// control rows), with 30,000 orders. Printed beside a bare count(*) of the period's control rows as the floor.
// Triggers are off while loading (the report counts they feed are not read here). BENCH_CUSTOMERS overrides the size.
import { randomUUID } from 'node:crypto';
import { programReport } from '../../server/analytics/control';
import { startTestDatabase } from '../support/postgres';
import { figure } from './figures';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const CONTROL = Math.round(CUSTOMERS * 0.05);
const SCENARIOS = 5;

const db = await startTestDatabase();
const { sql } = db;
try {
  let t = performance.now();
  const ids = Array.from({ length: SCENARIOS }, () => randomUUID());
  await sql`SET session_replication_role = replica`;
  for (const id of ids) {
    await sql`INSERT INTO scenarios (id, name, status, draft, current_version) VALUES (${id}, ${`Сценарий ${id.slice(0, 4)}`}, 'active', '{}', 1)`;
    await sql`INSERT INTO scenario_versions (scenario_id, version, document, plan, published_at)
              VALUES (${id}, 1, '{"settings":{"conversionWindowDays":30}}', '{}', '2026-01-01')`;
  }
  await sql`INSERT INTO communication_policies (version, caps, max_delay_days, control_share_pct, control_seed, created_at)
            VALUES (1, '[]', 0, 5, 'bench', '2026-01-01')`;
  await sql`INSERT INTO customers (id, name, registered_at) SELECT 'c' || g, 'Клиент', '2025-01-01' FROM generate_series(1, ${CUSTOMERS}) g`;
  const treatedPerScenario = Math.round((CUSTOMERS - CONTROL) / SCENARIOS);
  await sql`INSERT INTO runs (id, workflow_id, scenario_id, version, customer_id, status, entered_at)
            SELECT s.n || '-' || g, 'w' || s.n || '-' || g, (${ids}::uuid[])[s.n], 1,
                   'c' || (${CONTROL} + 1 + (g * ${SCENARIOS} + s.n) % ${CUSTOMERS - CONTROL}), 'completed',
                   timestamptz '2026-09-01 07:00Z' + make_interval(days => g % 90)
              FROM generate_series(1, ${SCENARIOS}) s(n), generate_series(1, ${treatedPerScenario}) g`;
  await sql`INSERT INTO entry_skips (scenario_id, customer_id, day, at, reason)
            SELECT (${ids}::uuid[])[s.n], 'c' || c, date '2026-09-01' + d, timestamptz '2026-09-01 07:00Z' + make_interval(days => d), 'control'
              FROM generate_series(1, ${SCENARIOS}) s(n), generate_series(1, ${CONTROL}) c, generate_series(0, 89) d
             WHERE d >= (c * 7 + s.n) % 60`;
  await sql`INSERT INTO orders (id, customer_id, amount, placed_at)
            SELECT 'o' || g, 'c' || (g * 3 % ${CUSTOMERS} + 1), 1000 + g % 5 * 500, timestamptz '2026-09-01' + make_interval(days => g % 120)
              FROM generate_series(1, 30000) g`;
  await sql`SET session_replication_role = origin`;
  await sql`VACUUM ANALYZE`;
  const [{ rows }] = await sql<{ rows: number }[]>`SELECT count(*)::int AS rows FROM entry_skips`;
  console.log(`[control] ${CUSTOMERS.toLocaleString('en')} customers, ${(treatedPerScenario * SCENARIOS).toLocaleString('en')} entries, ${rows.toLocaleString('en')} control rows loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);

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
  const count = await median(
    () => sql<{ n: number }[]>`SELECT count(*)::int AS n FROM entry_skips WHERE reason = 'control' AND at >= '2026-08-31T21:00:00Z' AND at < '2026-11-29T21:00:00Z'`,
  );
  const floor = { value: count.ms, what: `count(*) of the period's ${count.result[0].n.toLocaleString('en')} control rows` };
  t = performance.now();
  const report = await median(() => programReport(sql, { from: '2026-09-01', to: '2026-11-29', mdeRelPct: 20 }));
  const p = report.result.program;
  console.log(
    `[control] program report in ${report.ms.toFixed(0)} ms: ${p.treated.customers.toLocaleString('en')} entered, ${p.control.customers.toLocaleString('en')} held out, ` +
      `${report.result.scenarios.length} scenario lines; floor ${count.ms.toFixed(0)} ms`,
  );
  figure({ name: `program report vs control group, ${rows.toLocaleString('en')} control rows`, value: report.ms, unit: 'ms', floor, goal: '< 3000 ms', met: report.ms < 3000 });
} finally {
  await db.stop();
}
