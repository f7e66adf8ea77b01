import type postgres from 'postgres';
import type { SegmentCustomer } from '../../shared/api/rfm';
import type { Condition } from '../../shared/conditions/schema';
import { conditionSql, factSql } from '../audience/conditionSql';
import type { Sql } from '../db/client';

export type { SegmentCustomer } from '../../shared/api/rfm';

/**
 * Customers matching a condition (an RFM cell or a named segment), in id order after `afterId` (and up to
 * `throughId`, inclusive, when given): a keyset page that costs the same on page 1 and page 1,000. Exports walk all
 * customers in id ranges this way (server/rfm/customerTable.ts).
 */
export async function customersWhere(
  sql: Sql,
  condition: Condition,
  now: Date,
  page: { afterId: string | null; throughId?: string | null; limit: number },
): Promise<SegmentCustomer[]> {
  // The id range is stated for both tables: PostgreSQL does not carry a range across a join, and without it reads
  // customer_stats from its first row for every page.
  const range = (id: postgres.PendingQuery<postgres.Row[]>) =>
    sql`${page.afterId === null ? sql`` : sql`AND ${id} > ${page.afterId}`} ${page.throughId ? sql`AND ${id} <= ${page.throughId}` : sql``}`;
  const rows = await sql<Array<Omit<SegmentCustomer, 'lastOrderAt'> & { lastOrderAt: Date | null }>>`
    SELECT c.id, c.name, c.phone, c.email, c.city, c.card_type AS "cardType",
           coalesce(s.order_count, 0)::int AS "orderCount", coalesce(s.total_spent, 0) AS "totalSpent",
           CASE WHEN coalesce(s.order_count, 0) > 0 THEN s.avg_check END AS "avgCheck",
           s.last_order_at AS "lastOrderAt",
           floor(${factSql(sql, 'daysSinceLastOrder', now)})::int AS "daysSinceLastOrder"
      FROM customers c LEFT JOIN customer_stats s ON s.customer_id = c.id ${range(sql`s.customer_id`)}
     WHERE ${conditionSql(sql, condition, now)} ${range(sql`c.id`)}
     ORDER BY c.id
     LIMIT ${page.limit}`;
  return rows.map((r) => ({ ...r, lastOrderAt: r.lastOrderAt ? r.lastOrderAt.toISOString() : null }));
}

/** Customers matching each condition, counted in one pass over customers; null where a stored condition no longer translates. */
export async function countWhere(sql: Sql, conditions: Condition[], now: Date): Promise<Array<number | null>> {
  const parts = conditions.map((condition) => {
    try {
      return conditionSql(sql, condition, now);
    } catch {
      return null;
    }
  });
  const valid = parts.flatMap((p, i) => (p ? [{ p, i }] : []));
  if (valid.length === 0) return conditions.map(() => null);
  const columns = valid.map(({ p }, k) => sql`count(*) FILTER (WHERE ${p})::int AS ${sql(`n${k}`)}`).reduce((acc, f) => sql`${acc}, ${f}`);
  const [row] = await sql<Record<string, number>[]>`
    SELECT ${columns} FROM customers c LEFT JOIN customer_stats s ON s.customer_id = c.id`;
  const counts: Array<number | null> = conditions.map(() => null);
  valid.forEach(({ i }, k) => (counts[i] = row[`n${k}`]));
  return counts;
}
