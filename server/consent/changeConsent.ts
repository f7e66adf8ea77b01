import type { Channel } from '../../shared/scenario/schema';
import type { ConsentSource } from '../../shared/api/support';
import type { Queryable } from '../ingest/queryable';
import { inTransaction } from '../ingest/transaction';

/** Opt-outs made in Comeback: a later sync from the shop's systems undoes them only with a newer consent. */
export type ComebackOptOutSource = Exclude<ConsentSource, 'ingest' | 'import'>;
export const COMEBACK_OPT_OUT_SOURCES: ComebackOptOutSource[] = ['support', 'provider', 'unsubscribe_link'];

/** The staff member or API token behind a change; both null for providers and unsubscribe links. */
export interface ConsentActor {
  userId: number | null;
  tokenId: number | null;
}

export interface ConsentChange extends Partial<ConsentActor> {
  customerId: string;
  channel: Channel;
  subscribed: boolean;
  source: ConsentSource;
  reason?: string | null;
  /** ISO-8601: when the customer consented, as the shop's system states it. */
  consentAt?: string | null;
}

/**
 * The only writer of an existing customer's `customers.sub_*` (a new one is born with its record's subscriptions and
 * their events, in server/ingest/customers.ts): applies each change that differs from the stored flag and records it
 * in `consent_events`, in one transaction with the caller's. A change to the value already stored is no change and
 * leaves no event; customers that do not exist are skipped. Returns the changes applied, in input order.
 */
export async function changeConsent(db: Queryable, changes: ConsentChange[]): Promise<ConsentChange[]> {
  if (changes.length === 0) return [];
  return inTransaction(db, async (tx) => {
    const ids = [...new Set(changes.map((c) => c.customerId))];
    const rows = await tx<{ id: string; sub_sms: boolean; sub_email: boolean; sub_telegram: boolean; sub_push: boolean }[]>`
      SELECT id, sub_sms, sub_email, sub_telegram, sub_push FROM customers
       WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::text::jsonb))
       ORDER BY id
         FOR NO KEY UPDATE`;
    const current = new Map(rows.map((r) => [r.id, { sms: r.sub_sms, email: r.sub_email, telegram: r.sub_telegram, push: r.sub_push }]));
    const applied: ConsentChange[] = [];
    for (const change of changes) {
      const flags = current.get(change.customerId);
      if (!flags || flags[change.channel] === change.subscribed) continue;
      flags[change.channel] = change.subscribed;
      applied.push(change);
    }
    if (applied.length === 0) return applied;

    const touched = [...new Set(applied.map((c) => c.customerId))].map((id) => ({ id, ...current.get(id)! }));
    await tx`
      UPDATE customers c
         SET sub_sms = t.sms, sub_email = t.email, sub_telegram = t.telegram, sub_push = t.push, updated_at = now()
        FROM jsonb_to_recordset(${JSON.stringify(touched)}::text::jsonb) AS t(id text, sms boolean, email boolean, telegram boolean, push boolean)
       WHERE c.id = t.id`;
    const events = applied.map((c) => ({
      customer_id: c.customerId,
      channel: c.channel,
      subscribed: c.subscribed,
      source: c.source,
      user_id: c.userId ?? null,
      token_id: c.tokenId ?? null,
      reason: c.reason ?? null,
      consent_at: c.consentAt ?? null,
    }));
    // In input order, so that the latest event of a customer and channel is also the one with the highest id.
    await tx`
      INSERT INTO consent_events (customer_id, channel, subscribed, source, user_id, token_id, reason, consent_at)
      SELECT e->>'customer_id', e->>'channel', (e->>'subscribed')::boolean, e->>'source', (e->>'user_id')::bigint,
             (e->>'token_id')::bigint, e->>'reason', (e->>'consent_at')::timestamptz
        FROM jsonb_array_elements(${JSON.stringify(events)}::text::jsonb) WITH ORDINALITY AS t(e, n)
       ORDER BY n`;
    return applied;
  });
}
