import { dayBuckets, orderBuckets, cellCondition, type Bucket } from '../../shared/rfm/buckets';
import { regionOfCell, type MatrixRegionKey } from '../../shared/rfm/segments';
import type { Condition } from '../../shared/conditions/schema';
import { factSql } from '../audience/conditionSql';
import type { Sql } from '../db/client';

export interface RfmFigures {
  customers: number;
  orders: number;
  revenue: number;
  /** Share of all orders (sales), %; what seed 000 calls «доля продаж». */
  salesShare: number;
  /** Share of all revenue, %. */
  revenueShare: number;
  /** revenue ÷ orders; null without orders. */
  avgCheck: number | null;
}

export interface RfmCell extends RfmFigures {
  row: number;
  col: number;
  /** The named segment whose region of the matrix holds this cell (seed 000's highlighted areas). */
  region: MatrixRegionKey | null;
  /** The cell as an audience condition. */
  condition: Condition;
}

export interface RfmMatrix {
  asOf: string;
  edges: { orders: number[]; days: number[] };
  /** Order-count buckets, fewest orders first. */
  rows: Bucket[];
  /** Recency buckets, most recent first. */
  columns: Bucket[];
  cells: RfmCell[];
  rowTotals: Array<RfmFigures & { row: number }>;
  columnTotals: Array<RfmFigures & { col: number }>;
  total: RfmFigures;
  /** Customers who never ordered have no recency and are not in the matrix. */
  withoutOrders: { customers: number };
  /** Customers with orders, but fewer than the first order edge (only when it is above 1). */
  belowFirstEdge: { customers: number };
}

interface Sums {
  customers: number;
  orders: number;
  revenue: number;
}

const arrayLiteral = (edges: readonly number[]) => `{${edges.join(',')}}`;

/**
 * The RFM matrix in one grouped pass over `customer_stats` (orders are never read: the statistics already hold each
 * customer's order count, spend and last order). Recency is `factSql('daysSinceLastOrder')`, the expression
 * audience filters use, and `width_bucket` puts a value equal to an edge into the upper bucket, exactly as the
 * cell's `gte`/`lt` condition does, so a cell's count equals the audience its condition selects.
 */
export async function rfmMatrix(sql: Sql, edges: { orders: number[]; days: number[] }, now: Date): Promise<RfmMatrix> {
  const days = factSql(sql, 'daysSinceLastOrder', now);
  const groups = await sql<Array<Sums & { r: number; c: number; everyone: number }>>`
    SELECT width_bucket(s.order_count::float8, ${arrayLiteral(edges.orders)}::float8[]) - 1 AS r,
           width_bucket(${days}, ${arrayLiteral(edges.days)}::float8[]) AS c,
           count(*)::int AS customers,
           sum(s.order_count)::bigint AS orders,
           sum(s.total_spent) AS revenue,
           (SELECT count(*) FROM customers)::int AS everyone
      FROM customer_stats s
     WHERE s.order_count > 0 AND s.last_order_at IS NOT NULL
     GROUP BY 1, 2`;
  const rows = orderBuckets(edges.orders);
  const columns = dayBuckets(edges.days);
  const grid = rows.map(() => columns.map((): Sums => ({ customers: 0, orders: 0, revenue: 0 })));
  let everyone = groups[0]?.everyone;
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
  if (everyone === undefined) {
    const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM customers`;
    everyone = n;
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

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10000) / 100 : 0;
}

function roundMoney(value: number): number {
  return Math.round(value * 100) / 100;
}
