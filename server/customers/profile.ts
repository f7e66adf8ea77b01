import { applyProfileActions, type Attributes, type ProfileAction } from '../../shared/conditions/profile';
import type { Sql } from '../db/client';

export interface ProfileUpdate {
  found: boolean;
  changed: string[];
  unchanged: string[];
  refused: string[];
}

/** Who asks for an update: the idempotency key it is recorded under, and the run it comes from (if any). */
export interface UpdateOrigin {
  key: string;
  at: Date;
  runId?: string;
  scenarioId?: string;
  nodeId?: string;
}

/**
 * Applies actions to a customer's tags and attributes once per `origin.key`, in one transaction: the customer's row
 * is locked first, so a second attempt with the same key waits for the first and then finds its record and answers
 * with it, changing nothing again — even when the customer was changed by someone else meanwhile.
 */
export async function updateCustomerProfile(sql: Sql, customerId: string, actions: readonly ProfileAction[], origin: UpdateOrigin): Promise<ProfileUpdate> {
  return sql.begin(async (tx) => {
    const [customer] = await tx<{ tags: string[]; attributes: Attributes }[]>`
      SELECT tags, attributes FROM customers WHERE id = ${customerId} FOR NO KEY UPDATE`;
    if (!customer) return { found: false, changed: [], unchanged: [], refused: [] };
    const [done] = await tx<{ changes: Omit<ProfileUpdate, 'found'> }[]>`SELECT changes FROM customer_changes WHERE idempotency_key = ${origin.key}`;
    if (done) return { found: true, ...done.changes };
    const result = applyProfileActions(customer, actions);
    if (result.changed.length > 0) {
      await tx`
        UPDATE customers SET tags = ${result.profile.tags}::text[], attributes = ${tx.json(result.profile.attributes)}, updated_at = now()
         WHERE id = ${customerId}`;
    }
    const changes = { changed: result.changed, unchanged: result.unchanged, refused: result.refused };
    await tx`
      INSERT INTO customer_changes (idempotency_key, customer_id, run_id, scenario_id, node_id, at, changes)
      VALUES (${origin.key}, ${customerId}, ${origin.runId ?? null}, ${origin.scenarioId ?? null}, ${origin.nodeId ?? null}, ${origin.at},
              ${tx.json(changes)})`;
    return { found: true, ...changes };
  }) as Promise<ProfileUpdate>;
}

/** How many tags the shop's tag list names at most (the editor suggests from it). */
export const TAG_LIST_LIMIT = 200;

/** The tags in use, most used first, with how many customers carry each (at most `limit`). */
export async function tagsInUse(sql: Sql, limit = TAG_LIST_LIMIT): Promise<Array<{ tag: string; customers: number }>> {
  return sql<{ tag: string; customers: number }[]>`
    SELECT t.tag, count(*)::int AS customers
      FROM customers c CROSS JOIN LATERAL unnest(c.tags) AS t(tag)
     WHERE c.tags <> '{}'
     GROUP BY t.tag
     ORDER BY count(*) DESC, t.tag
     LIMIT ${Math.min(Math.max(1, limit), TAG_LIST_LIMIT)}`;
}
