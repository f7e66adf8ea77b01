import { CONDITION_FIELDS, type CustomerFacts } from '../../shared/conditions/fields';
import type { Attributes } from '../../shared/conditions/profile';
import { CHANNELS } from '../../shared/scenario/nodes/message';
import { factSql } from '../audience/conditionSql';
import type { Sql } from '../db/client';

/**
 * What the condition evaluator sees about one customer at `now`, computed by the very SQL expressions the audience
 * query filters with (server/audience/conditionSql.ts). Null when there is no such customer.
 */
export async function loadCustomerFacts(sql: Sql, customerId: string, now: Date): Promise<CustomerFacts | null> {
  return (await loadFactsOf(sql, [customerId], now)).get(customerId) ?? null;
}

/** The facts of many customers at once (one query), by customer id; unknown ids are absent. */
export async function loadFactsOf(sql: Sql, customerIds: readonly string[], now: Date): Promise<Map<string, CustomerFacts>> {
  if (customerIds.length === 0) return new Map();
  const columns = CONDITION_FIELDS.map((f) => sql`${factSql(sql, f.name, now)} AS ${sql(alias(f.name))}`).reduce((acc, col) => sql`${acc}, ${col}`);
  const rows = await sql<Record<string, number | string | boolean | null>[]>`
    SELECT c.id AS "__id", c.attributes AS "__attributes", ${columns}
      FROM customers c LEFT JOIN customer_stats s ON s.customer_id = c.id
     WHERE c.id = ANY(${customerIds as string[]}::text[])`;
  return new Map(rows.map((row) => [row.__id as string, factsOf(row)]));
}

function factsOf(row: Record<string, number | string | boolean | null>): CustomerFacts {
  return {
    daysSinceLastOrder: row.daysSinceLastOrder as number | null,
    orderCount: row.orderCount as number,
    totalSpent: row.totalSpent as number,
    avgCheck: row.avgCheck as number | null,
    daysSinceRegistration: row.daysSinceRegistration as number,
    avgDaysBetweenOrders: row.avgDaysBetweenOrders as number | null,
    overdueRatio: row.overdueRatio as number | null,
    cardType: row.cardType as CustomerFacts['cardType'],
    city: row.city as string | null,
    bonusBalance: row.bonusBalance as number,
    favoriteCategory: row.favoriteCategory as string | null,
    subscribed: Object.fromEntries(CHANNELS.map((ch) => [ch, row[alias(`subscribed.${ch}`)] === true])) as CustomerFacts['subscribed'],
    tags: row.tags as unknown as string[],
    // Attribute rules read `c.attributes -> key` in SQL; the evaluator reads the same object, whole.
    attributes: row.__attributes as unknown as Attributes,
  };
}

/** Column alias of a field: `subscribed.sms` would read as a qualified name. */
function alias(field: string): string {
  return field.replace('.', '_');
}
