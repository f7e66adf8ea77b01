import type { ReactivationCell } from '../../shared/api/rfm';
import type { Sql } from '../db/client';

export type { ReactivationCell } from '../../shared/api/rfm';

const arrayLiteral = (edges: readonly number[]) => `{${edges.join(',')}}`;

/**
 * Reactivation rate per RFM cell: each scenario entry is placed in the cell the customer was in at the moment of
 * entry (orders before entry, days since the last of them), since a customer who came back has moved to another
 * cell since. Returned = an order within `windowDays` after entry. Reads runs and, per run, the customer's orders
 * through the (customer_id, placed_at) index.
 */
export async function reactivationByCell(
  sql: Sql,
  edges: { orders: number[]; days: number[] },
  options: { windowDays: number; scenarioId?: string },
): Promise<ReactivationCell[]> {
  const rows = await sql<Array<{ r: number; c: number; entered: number; returned: number }>>`
    SELECT width_bucket(before.n::float8, ${arrayLiteral(edges.orders)}::float8[]) - 1 AS r,
           width_bucket(extract(epoch FROM (r.entered_at - before.last_at))::float8 / 86400, ${arrayLiteral(edges.days)}::float8[]) AS c,
           count(*)::int AS entered,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM orders o
              WHERE o.customer_id = r.customer_id AND o.placed_at > r.entered_at
                AND o.placed_at <= r.entered_at + ${options.windowDays} * interval '1 day'))::int AS returned
      FROM runs r
      CROSS JOIN LATERAL (
        SELECT count(*) AS n, max(o.placed_at) AS last_at FROM orders o
         WHERE o.customer_id = r.customer_id AND o.placed_at <= r.entered_at) before
     WHERE before.n >= ${edges.orders[0]}
       ${options.scenarioId ? sql`AND r.scenario_id = ${options.scenarioId}` : sql``}
     GROUP BY 1, 2`;
  const byKey = new Map(rows.map((x) => [`${x.r}:${x.c}`, x]));
  const cells: ReactivationCell[] = [];
  for (let row = 0; row < edges.orders.length; row++) {
    for (let col = 0; col <= edges.days.length; col++) {
      const x = byKey.get(`${row}:${col}`);
      const entered = x?.entered ?? 0;
      const returned = x?.returned ?? 0;
      cells.push({ row, col, entered, returned, rate: entered > 0 ? Math.round((returned / entered) * 1000) / 10 : null });
    }
  }
  return cells;
}
