import type { Queryable } from './queryable';

/**
 * Recomputes customer_stats from the orders themselves for the given customers (or for everyone), in one
 * set-based statement. Recomputing rather than incrementing keeps the figures right whatever order the orders
 * arrive in. Favourite category = the category with the largest spend (qty × price), ties by name.
 */
export async function refreshCustomerStats(db: Queryable, customerIds: readonly string[] | 'all'): Promise<number> {
  if (customerIds !== 'all' && customerIds.length === 0) return 0;
  const ids = customerIds === 'all' ? null : [...customerIds];
  const only = (column: string) => (ids ? db`AND ${db(column)} = ANY(${ids}::text[])` : db``);
  const result = await db`
    INSERT INTO customer_stats AS s (customer_id, order_count, total_spent, avg_check, first_order_at, last_order_at,
                                     avg_days_between_orders, favorite_category, updated_at)
    SELECT c.id,
           coalesce(o.order_count, 0),
           coalesce(o.total_spent, 0),
           round(o.total_spent / nullif(o.order_count, 0), 2),
           o.first_order_at,
           o.last_order_at,
           CASE WHEN o.order_count >= 2
                THEN extract(epoch FROM o.last_order_at - o.first_order_at) / 86400.0 / (o.order_count - 1) END,
           f.category,
           now()
    FROM customers c
    LEFT JOIN (
      SELECT customer_id, count(*) AS order_count, sum(amount) AS total_spent,
             min(placed_at) AS first_order_at, max(placed_at) AS last_order_at
      FROM orders
      WHERE true ${only('customer_id')}
      GROUP BY customer_id
    ) o ON o.customer_id = c.id
    LEFT JOIN (
      SELECT DISTINCT ON (o.customer_id) o.customer_id, i.category
      FROM orders o JOIN order_items i ON i.order_id = o.id
      WHERE i.category IS NOT NULL ${only('o.customer_id')}
      GROUP BY o.customer_id, i.category
      ORDER BY o.customer_id, sum(i.qty * i.price) DESC, i.category
    ) f ON f.customer_id = c.id
    WHERE true ${only('c.id')}
    ON CONFLICT (customer_id) DO UPDATE SET
      order_count = excluded.order_count,
      total_spent = excluded.total_spent,
      avg_check = excluded.avg_check,
      first_order_at = excluded.first_order_at,
      last_order_at = excluded.last_order_at,
      avg_days_between_orders = excluded.avg_days_between_orders,
      favorite_category = excluded.favorite_category,
      updated_at = excluded.updated_at`;
  return result.count;
}
