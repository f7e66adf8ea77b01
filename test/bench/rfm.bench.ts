// The RFM matrix over 1,000,000 customers / ~10,000,000 orders on a real PostgreSQL cluster, printed next to a bare
// `SELECT count(*)` over customer_stats (the floor: the matrix is one grouped pass over that table and never reads
// orders). Data comes from generate_series SQL, statistics from the product's own refreshCustomerStats.
// BENCH_CUSTOMERS sets the size (default 1,000,000; ~11 orders per buyer, a tenth never ordered).
import { DEFAULT_DAY_EDGES, DEFAULT_ORDER_EDGES } from '../../shared/rfm/buckets';
import { BUILTIN_SEGMENTS } from '../../shared/rfm/segments';
import { refreshCustomerStats } from '../../server/ingest/stats';
import { countWhere, customersWhere } from '../../server/rfm/customers';
import { rfmMatrix } from '../../server/rfm/matrix';
import { startTestDatabase } from '../support/postgres';

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
  await sql`
    INSERT INTO customers (id, name, email, card_type, registered_at, sub_email)
    SELECT 'c' || lpad(i::text, 7, '0'), 'Клиент ' || i, 'c' || i || '@example.ru',
           CASE WHEN i % 50 = 0 THEN 'vip' ELSE 'regular' END,
           now() - interval '800 days', i % 3 <> 0
      FROM generate_series(1, ${CUSTOMERS}) AS i`;
  // Buyer i: 1–21 orders, the last 0–400 days ago, one every 5–44 days before that; 350–1,249 ₽ each.
  await sql`
    INSERT INTO orders (id, customer_id, amount, placed_at)
    SELECT 'o' || i || '-' || k, 'c' || lpad(i::text, 7, '0'), 350 + (i * 31 + k * 17) % 900,
           now() - (((i::bigint * 104729) % 400) + (k - 1) * (5 + i % 40)) * interval '1 day' - (i % 86400) * interval '1 second'
      FROM generate_series(1, ${CUSTOMERS}) AS i
      CROSS JOIN LATERAL generate_series(1, 1 + (i::bigint * 7919) % 21) AS k
     WHERE i % 10 <> 0`;
  const loadMs = performance.now() - t;
  t = performance.now();
  await refreshCustomerStats(sql, 'all');
  await sql`ANALYZE`;
  const [{ orders }] = await sql<{ orders: number }[]>`SELECT count(*)::int AS orders FROM orders`;
  console.log(`[rfm] ${fmt(CUSTOMERS)} customers and ${fmt(orders)} orders loaded in ${(loadMs / 1000).toFixed(1)} s, statistics in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const count = await timed(() => sql<{ n: number }[]>`SELECT count(*)::int AS n FROM customer_stats`);
  const edges = { orders: [...DEFAULT_ORDER_EDGES], days: [...DEFAULT_DAY_EDGES] };
  const matrix = await timed(() => rfmMatrix(sql, edges, new Date()));
  const fine = await timed(() => rfmMatrix(sql, { orders: [1, 2, 3, 4, 5, 6, 8, 10, 15, 20], days: [7, 14, 30, 45, 60, 90, 120, 180, 270, 365] }, new Date()));
  const segments = await timed(() => countWhere(sql, BUILTIN_SEGMENTS.map((s) => s.condition), new Date()));
  const sleepingCell = matrix.result.cells.find((c) => c.row === 1 && c.col === 4)!;
  const page = await timed(() => customersWhere(sql, sleepingCell.condition, new Date(), { afterId: 'c0500000', limit: 50 }));

  console.log(`[rfm] SELECT count(*) FROM customer_stats: ${fmt(count.result[0].n)} rows in ${count.ms.toFixed(0)} ms (the floor)`);
  console.log(`[rfm] matrix 5×5 (seed 000 buckets): ${fmt(matrix.result.total.customers)} customers, ${fmt(matrix.result.total.orders)} orders in ${matrix.ms.toFixed(0)} ms — ${(matrix.ms / count.ms).toFixed(1)}× count(*), goal < 1000 ms`);
  console.log(`[rfm] matrix 10×11 (fine buckets): ${fine.ms.toFixed(0)} ms`);
  console.log(`[rfm] live counts of the ${BUILTIN_SEGMENTS.length} built-in segments in one pass: ${segments.ms.toFixed(0)} ms (${segments.result.map((n) => fmt(n ?? 0)).join(', ')})`);
  console.log(`[rfm] one page of 50 customers of cell «2–3 × > 95» (${fmt(sleepingCell.customers)} customers) from the middle: ${page.ms.toFixed(1)} ms`);
} finally {
  await db.stop();
}
