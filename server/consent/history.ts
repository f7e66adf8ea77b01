import type { ConsentEntry } from '../../shared/api/support';
import type { Sql } from '../db/client';

/** How many of the latest consent changes the customer card shows. */
export const CONSENT_HISTORY_LIMIT = 100;

/** A customer's consent changes, newest first, with the staff member or API token that made each. */
export async function consentHistory(sql: Sql, customerId: string): Promise<ConsentEntry[]> {
  const rows = await sql<{ id: number; channel: ConsentEntry['channel']; subscribed: boolean; source: ConsentEntry['source']; user_name: string | null; token_name: string | null; reason: string | null; consent_at: Date | null; at: Date }[]>`
    SELECT e.id, e.channel, e.subscribed, e.source, u.name AS user_name, t.name AS token_name, e.reason, e.consent_at, e.at
      FROM consent_events e
      LEFT JOIN users u ON u.id = e.user_id
      LEFT JOIN api_tokens t ON t.id = e.token_id
     WHERE e.customer_id = ${customerId}
     ORDER BY e.id DESC
     LIMIT ${CONSENT_HISTORY_LIMIT}`;
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    subscribed: r.subscribed,
    source: r.source,
    actor: r.user_name !== null ? { kind: 'user', name: r.user_name } : r.token_name !== null ? { kind: 'token', name: r.token_name } : null,
    reason: r.reason,
    consentAt: r.consent_at?.toISOString() ?? null,
    at: r.at.toISOString(),
  }));
}
