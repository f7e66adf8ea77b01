import type { RfmFigures, RfmMatrix, RfmMatrixCell } from '../../shared/api/rfm';
import { dayBuckets, orderBuckets, cellCondition } from '../../shared/rfm/buckets';
import { regionOfCell } from '../../shared/rfm/segments';
import { factSql } from '../audience/conditionSql';
import type postgres from 'postgres';
import type { Sql } from '../db/client';

// The matrix's shapes are its API answer (shared/api/rfm.ts).
export type { RfmFigures, RfmMatrix } from '../../shared/api/rfm';
export type RfmCell = RfmMatrixCell;

interface Sums {
  customers: number;
  orders: number;
  revenue: number;
}

const arrayLiteral = (edges: readonly number[]) => `{${edges.join(',')}}`;

type Group = Sums & { r: number; c: number };

/**
 * The RFM matrix. Recency is `factSql('daysSinceLastOrder')`, the expression audience filters use, and
 * `width_bucket` puts a value equal to an edge into the upper bucket, exactly as the cell's `gte`/`lt` condition
 * does, so a cell's count equals the audience its condition selects.
 *
 * The figures come from `rfm_counts` (migration 0170): customers, orders and revenue per order count and UTC day of
 * the last order. A whole day falls into one recency bucket unless an edge's instant (`now` − edge days) lies
 * inside it; the customers of those few days are read from customer_stats one by one, so the matrix equals a
 * recount at every instant. `recount` computes it in one grouped pass over customer_stats instead (the tests
 * compare the two).
 */
export async function rfmMatrix(sql: Sql, edges: { orders: number[]; days: number[] }, now: Date, options: { recount?: boolean } = {}): Promise<RfmMatrix> {
  const { groups, everyone } = options.recount ? await recountedGroups(sql, edges, now) : await countedGroups(sql, edges, now);
  const rows = orderBuckets(edges.orders);
  const columns = dayBuckets(edges.days);
  const grid = rows.map(() => columns.map((): Sums => ({ customers: 0, orders: 0, revenue: 0 })));
  let belowFirst = 0;
  for (const g of groups) {
    // Customers with fewer orders than the first edge (when it is above 1) are outside the matrix.
    if (g.r < 0) {
      belowFirst += g.customers;
      continue;
    }
    const cell = grid[g.r][g.c];
    cell.customers += g.customers;
    cell.orders += g.orders;
    cell.revenue += g.revenue;
  }
  const add = (a: Sums, b: Sums): Sums => ({ customers: a.customers + b.customers, orders: a.orders + b.orders, revenue: a.revenue + b.revenue });
  const zero: Sums = { customers: 0, orders: 0, revenue: 0 };
  const total = grid.flat().reduce(add, zero);
  const figures = (s: Sums): RfmFigures => ({
    customers: s.customers,
    orders: s.orders,
    revenue: roundMoney(s.revenue),
    salesShare: percent(s.orders, total.orders),
    revenueShare: percent(s.revenue, total.revenue),
    avgCheck: s.orders > 0 ? roundMoney(s.revenue / s.orders) : null,
  });
  return {
    asOf: now.toISOString(),
    edges: { orders: [...edges.orders], days: [...edges.days] },
    rows,
    columns,
    cells: rows.flatMap((r) =>
      columns.map((c) => ({ row: r.index, col: c.index, ...figures(grid[r.index][c.index]), region: regionOfCell(r, c), condition: cellCondition(r, c) })),
    ),
    rowTotals: rows.map((r) => ({ row: r.index, ...figures(grid[r.index].reduce(add, zero)) })),
    columnTotals: columns.map((c) => ({ col: c.index, ...figures(grid.map((line) => line[c.index]).reduce(add, zero)) })),
    total: figures(total),
    withoutOrders: { customers: everyone - total.customers - belowFirst },
    belowFirstEdge: { customers: belowFirst },
  };
}

async function countedGroups(sql: Sql, edges: { orders: number[]; days: number[] }, now: Date): Promise<{ groups: Group[]; everyone: number }> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const dayStart = (day: postgres.PendingQuery<postgres.Row[]>) => sql`(${day}::timestamp AT TIME ZONE 'UTC')`;
  const [groups, [{ everyone }]] = await Promise.all([
    sql<Group[]>`
    WITH cut AS (
      SELECT DISTINCT rfm_last_order_day(${at} - make_interval(secs => e * 86400)) AS day
        FROM unnest(${arrayLiteral(edges.days)}::float8[]) AS e
    ),
    whole AS (
      SELECT order_count, extract(epoch FROM (${at} - ${dayStart(sql`last_order_day`)}))::float8 / 86400 AS days,
             sum(customers) AS customers, sum(orders) AS orders, sum(revenue) AS revenue
        FROM rfm_counts
       WHERE kind = 'stats' AND order_count > 0 AND last_order_day NOT IN (SELECT day FROM cut)
       GROUP BY order_count, last_order_day
    ),
    split AS (
      SELECT s.order_count, ${factSql(sql, 'daysSinceLastOrder', now)} AS days, 1 AS customers, s.order_count AS orders, s.total_spent AS revenue
        FROM cut JOIN customer_stats s
          ON s.last_order_at >= ${dayStart(sql`cut.day`)} AND s.last_order_at < ${dayStart(sql`(cut.day + 1)`)}
       WHERE s.order_count > 0
    )
    SELECT width_bucket(order_count::float8, ${arrayLiteral(edges.orders)}::float8[]) - 1 AS r,
           width_bucket(days, ${arrayLiteral(edges.days)}::float8[]) AS c,
           sum(customers)::int AS customers, sum(orders)::bigint AS orders, sum(revenue) AS revenue
      FROM (SELECT * FROM whole UNION ALL SELECT * FROM split) x
     GROUP BY 1, 2
    HAVING sum(customers) <> 0`,
    sql<{ everyone: number }[]>`SELECT coalesce(sum(customers), 0)::int AS everyone FROM rfm_counts WHERE kind = 'customers'`,
  ]);
  return { groups, everyone };
}

async function recountedGroups(sql: Sql, edges: { orders: number[]; days: number[] }, now: Date): Promise<{ groups: Group[]; everyone: number }> {
  const groups = await sql<Group[]>`
    SELECT width_bucket(s.order_count::float8, ${arrayLiteral(edges.orders)}::float8[]) - 1 AS r,
           width_bucket(${factSql(sql, 'daysSinceLastOrder', now)}, ${arrayLiteral(edges.days)}::float8[]) AS c,
           count(*)::int AS customers, sum(s.order_count)::bigint AS orders, sum(s.total_spent) AS revenue
      FROM customer_stats s
     WHERE s.order_count > 0 AND s.last_order_at IS NOT NULL
     GROUP BY 1, 2`;
  const [{ everyone }] = await sql<{ everyone: number }[]>`SELECT count(*)::int AS everyone FROM customers`;
  return { groups, everyone };
}

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10000) / 100 : 0;
}

function roundMoney(value: number): number {
  return Math.round(value * 100) / 100;
}
