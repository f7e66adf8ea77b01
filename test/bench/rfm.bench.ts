// The RFM matrix over 1,000,000 customers / ~10,000,000 orders on a real PostgreSQL cluster, printed next to a bare
// `SELECT count(*)` over customer_stats (the floor: what one pass over the customers costs). The matrix reads the
// pre-aggregated rfm_counts (migration 0170) and the customers of the days an edge cuts; the recount is the one
// grouped pass over customer_stats it replaced. Data comes from generate_series SQL, statistics from the product's own refreshCustomerStats.
// BENCH_CUSTOMERS sets the size (default 1,000,000; ~11 orders per buyer, a tenth never ordered).
import { DEFAULT_DAY_EDGES, DEFAULT_ORDER_EDGES } from '../../shared/rfm/buckets';
import { BUILTIN_SEGMENTS } from '../../shared/rfm/segments';
import { compactCounts, RFM_COUNTS } from '../../server/analytics/counts';
import { refreshCustomerStats } from '../../server/ingest/stats';
import { countWhere, customersWhere } from '../../server/rfm/customers';
import { rfmMatrix } from '../../server/rfm/matrix';
import { startTestDatabase } from '../support/postgres';
import { loadShop } from './data';
import { figure } from './figures';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const ROUNDS = 5;

const db = await startTestDatabase();
const { sql } = db;
const fmt = (n: number) => n.toLocaleString('en');

/** Median of a few runs after one warm-up: the figure a marketer sees when opening the screen twice. */
async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await run();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    result = await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result };
}

try {
  let t = performance.now();
  await loadShop(sql, CUSTOMERS);
  const loadMs = performance.now() - t;
  t = performance.now();
  await refreshCustomerStats(sql, 'all');
  // What the background compactor of a running server does within seconds.
  while ((await compactCounts(sql, RFM_COUNTS)).more);
  await sql`ANALYZE`;
  const [{ orders }] = await sql<{ orders: number }[]>`SELECT count(*)::int AS orders FROM orders`;
  console.log(`[rfm] ${fmt(CUSTOMERS)} customers and ${fmt(orders)} orders loaded in ${(loadMs / 1000).toFixed(1)} s, statistics in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const count = await timed(() => sql<{ n: number }[]>`SELECT count(*)::int AS n FROM customer_stats`);
  const edges = { orders: [...DEFAULT_ORDER_EDGES], days: [...DEFAULT_DAY_EDGES] };
  const matrix = await timed(() => rfmMatrix(sql, edges, new Date()));
  const recount = await timed(() => rfmMatrix(sql, edges, new Date(), { recount: true }));
  const fine = await timed(() => rfmMatrix(sql, { orders: [1, 2, 3, 4, 5, 6, 8, 10, 15, 20], days: [7, 14, 30, 45, 60, 90, 120, 180, 270, 365] }, new Date()));
  const segments = await timed(() => countWhere(sql, BUILTIN_SEGMENTS.map((s) => s.condition), new Date()));
  const sleepingCell = matrix.result.cells.find((c) => c.row === 1 && c.col === 4)!;
  const page = await timed(() => customersWhere(sql, sleepingCell.condition, new Date(), { afterId: 'c0500000', limit: 50 }));

  console.log(`[rfm] SELECT count(*) FROM customer_stats: ${fmt(count.result[0].n)} rows in ${count.ms.toFixed(0)} ms (the floor)`);
  console.log(`[rfm] matrix 5×5 (seed 000 buckets): ${fmt(matrix.result.total.customers)} customers, ${fmt(matrix.result.total.orders)} orders in ${matrix.ms.toFixed(0)} ms — ${(matrix.ms / count.ms).toFixed(1)}× count(*), goal < 1000 ms`);
  console.log(`[rfm] the same recounted in one grouped pass over customer_stats: ${recount.ms.toFixed(0)} ms`);
  console.log(`[rfm] matrix 10×11 (fine buckets): ${fine.ms.toFixed(0)} ms`);
  const floor = { value: count.ms, what: 'count(*) of customer_stats' };
  figure({ name: `RFM matrix 5×5, ${fmt(CUSTOMERS)} customers / ${fmt(orders)} orders`, value: matrix.ms, unit: 'ms', floor, goal: 'ratio ≤ 2×', met: matrix.ms / count.ms <= 2 });
  figure({ name: `RFM matrix 5×5 recounted in one pass over customer_stats (before migration 0170)`, value: recount.ms, unit: 'ms', floor });
  figure({ name: `RFM live counts of the ${BUILTIN_SEGMENTS.length} built-in segments`, value: segments.ms, unit: 'ms', floor });
  console.log(`[rfm] live counts of the ${BUILTIN_SEGMENTS.length} built-in segments in one pass: ${segments.ms.toFixed(0)} ms (${segments.result.map((n) => fmt(n ?? 0)).join(', ')})`);
  console.log(`[rfm] one page of 50 customers of cell «2–3 × > 95» (${fmt(sleepingCell.customers)} customers) from the middle: ${page.ms.toFixed(1)} ms`);
} finally {
  await db.stop();
}
