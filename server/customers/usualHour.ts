import { USUAL_HOUR_LAST_ORDERS } from '../../shared/time/usualHour';
import type { Sql } from '../db/client';

/**
 * When each customer's latest orders placed by `now` were placed (newest first, at most USUAL_HOUR_LAST_ORDERS
 * each), for shared/time/usualHour.ts. One backward range of orders_customer_placed_idx per customer, never a scan
 * of the shop's orders.
 */
export async function latestOrderTimes(sql: Sql, customerIds: readonly string[], now: Date): Promise<Map<string, Date[]>> {
  const byCustomer = new Map<string, Date[]>(customerIds.map((id) => [id, []]));
  if (customerIds.length === 0) return byCustomer;
  const rows = await sql<{ id: string; placed_at: Date }[]>`
    SELECT c.id, o.placed_at
      FROM unnest(${customerIds as string[]}::text[]) AS c(id)
      CROSS JOIN LATERAL (
        SELECT placed_at FROM orders
         WHERE customer_id = c.id AND placed_at <= ${now}
         ORDER BY placed_at DESC LIMIT ${USUAL_HOUR_LAST_ORDERS}
      ) o
     ORDER BY c.id, o.placed_at DESC`;
  for (const r of rows) byCustomer.get(r.id)?.push(r.placed_at);
  return byCustomer;
}
