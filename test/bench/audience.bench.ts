// The daily audience query (condition push-down + frequency limit + "no live run") over 1,000,000 customers on real
// PostgreSQL, paged 1,000 at a time as the audience workflow does, against a bare `SELECT count(*)` of the same join.
import { compileScenario } from '../../shared/scenario/compile';
import { scenarioExamples } from '../../shared/scenario/examples';
import { audienceQuery } from '../../server/activities/audienceQuery';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { startTestDatabase } from '../support/postgres';
import { loadAudienceCustomers } from './data';
import { figure } from './figures';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const now = new Date('2026-03-02T07:00:00Z');

const db = await startTestDatabase();
const { sql } = db;
try {
  let t = performance.now();
  await loadAudienceCustomers(sql, CUSTOMERS, now);
  const mindbox = scenarioExamples.find((e) => e.key === 'mindbox-reactivation')!.document;
  const plan = compileScenario(mindbox, { scenarioId: '22222222-2222-4222-8222-222222222222', version: 1 });
  await storePublishedScenario(sql, mindbox, plan, now);
  // A tenth entered 30 days ago (the 180-day frequency limit keeps them out), a hundredth are still in a run.
  await sql`
    INSERT INTO runs (id, workflow_id, scenario_id, version, customer_id, status, entered_at)
    SELECT 'r' || i, 'run:' || i, ${plan.scenarioId}, 1, 'c' || lpad(i::text, 7, '0'),
           CASE WHEN i % 100 = 1 THEN 'running' ELSE 'completed' END, ${now}::timestamptz - interval '30 days'
      FROM generate_series(1, ${CUSTOMERS}) AS i WHERE i % 10 = 1`;
  await sql`ANALYZE`;
  console.log(`[audience] ${CUSTOMERS.toLocaleString('en')} customers (and ${(CUSTOMERS / 10).toLocaleString('en')} earlier runs) loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  t = performance.now();
  const [{ n: total }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM customers c JOIN customer_stats s ON s.customer_id = c.id`;
  const countMs = performance.now() - t;

  t = performance.now();
  let afterId: string | null = null;
  let selected = 0;
  let pages = 0;
  let firstPageMs = 0;
  for (;;) {
    const page = await audienceQuery(sql, plan, { afterId, limit: 1000, now });
    if (pages === 0) firstPageMs = performance.now() - t;
    pages++;
    selected += page.length;
    if (page.length < 1000) break;
    afterId = page[page.length - 1].id;
  }
  const audienceMs = performance.now() - t;

  console.log(`[audience] SELECT count(*) over the join: ${total.toLocaleString('en')} rows in ${countMs.toFixed(0)} ms`);
  console.log(`[audience] seed-003 audience: ${selected.toLocaleString('en')} customers in ${pages} pages, ${audienceMs.toFixed(0)} ms (first page ${firstPageMs.toFixed(0)} ms)`);
  console.log(`[audience] ratio audience / count(*): ${(audienceMs / countMs).toFixed(1)}×`);
  figure({
    name: `seed-003 audience over ${total.toLocaleString('en')} customers (${selected.toLocaleString('en')} selected, pages of 1,000)`,
    value: audienceMs,
    unit: 'ms',
    floor: { value: countMs, what: 'count(*) over the same join' },
    goal: 'ratio ≤ 2×',
    met: audienceMs / countMs <= 2,
  });
} finally {
  await db.stop();
}
