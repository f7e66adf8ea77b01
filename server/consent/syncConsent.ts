import type { Channel } from '../../shared/scenario/schema';
import type { Queryable } from '../ingest/queryable';
import { changeConsent, COMEBACK_OPT_OUT_SOURCES, type ComebackOptOutSource, type ConsentActor, type ConsentChange } from './changeConsent';

/** What one record from the shop's systems says about one channel. */
export interface ConsentClaim {
  customerId: string;
  channel: Channel;
  subscribed: boolean;
  /** ISO-8601: when the customer consented, if the record says. */
  consentAt: string | null;
}

/** A claim to subscribe that an opt-out made in Comeback outranks. */
export interface KeptOptOut {
  customerId: string;
  channel: Channel;
  /** The opt-out that stands: when, and what made it. */
  optedOutAt: string;
  source: ComebackOptOutSource;
}

export interface SyncOrigin extends Partial<ConsentActor> {
  source: 'ingest' | 'import';
}

/**
 * Applies the consents that the shop's systems (JSON ingest, spreadsheet import) state for their customers. An
 * opt-out always applies. A subscription does not apply to a channel whose latest consent event is an opt-out made
 * in Comeback (support, a provider's block, an unsubscribe link), unless the claim carries a consent time newer
 * than that opt-out: a nightly re-sync must not undo what the customer asked for (38-FZ art. 18).
 */
export async function syncConsent(tx: Queryable, claims: ConsentClaim[], origin: SyncOrigin): Promise<{ applied: ConsentChange[]; kept: KeptOptOut[] }> {
  if (claims.length === 0) return { applied: [], kept: [] };
  // One pass over the claims: only those that differ from the stored flag matter (a nightly re-sync of unchanged
  // customers ends here), and only a subscription of a channel now off can be held, one index probe each.
  const differing = await tx<{ n: number; optedOutAt: Date | null; source: ComebackOptOutSource | null }[]>`
    SELECT p.n, e.at AS "optedOutAt", e.source
      FROM jsonb_to_recordset(${JSON.stringify(claims.map((c, n) => ({ n, ...c })))}::text::jsonb)
        AS p(n int, "customerId" text, channel text, subscribed boolean, "consentAt" timestamptz)
      JOIN customers c ON c.id = p."customerId"
      LEFT JOIN LATERAL (
            SELECT e.subscribed, e.source, e.at FROM consent_events e
             WHERE p.subscribed AND e.customer_id = p."customerId" AND e.channel = p.channel
             ORDER BY e.id DESC LIMIT 1) e
        ON NOT e.subscribed AND e.source IN ${tx(COMEBACK_OPT_OUT_SOURCES)} AND (p."consentAt" IS NULL OR p."consentAt" <= e.at)
     WHERE p.subscribed IS DISTINCT FROM CASE p.channel WHEN 'sms' THEN c.sub_sms WHEN 'email' THEN c.sub_email WHEN 'telegram' THEN c.sub_telegram ELSE c.sub_push END
     ORDER BY p.n`;
  const kept: KeptOptOut[] = [];
  const changes: ConsentChange[] = [];
  for (const { n, optedOutAt, source } of differing) {
    const claim = claims[n];
    if (optedOutAt && source) kept.push({ customerId: claim.customerId, channel: claim.channel, optedOutAt: optedOutAt.toISOString(), source });
    else changes.push({ ...claim, source: origin.source, userId: origin.userId ?? null, tokenId: origin.tokenId ?? null });
  }
  return { applied: await changeConsent(tx, changes), kept };
}
