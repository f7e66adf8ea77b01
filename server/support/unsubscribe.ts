import type { Channel } from '../../shared/scenario/schema';
import { audit } from '../audit';
import { changeConsent, type ConsentActor } from '../consent/changeConsent';
import type { Sql } from '../db/client';

/**
 * Takes a customer's consent for one channel away, as an opt-out made in Comeback: it goes into the consent history
 * with the employee, and a later sync from the shop's systems cannot undo it without a newer consent. Live runs
 * need no signal: every send reads the subscription at send time (server/channels/contacts.ts) and journals
 * "skipped: no consent" or falls back to another channel.
 * Returns null when there is no such customer; `changed` is false when they were already unsubscribed.
 */
export async function unsubscribeCustomer(sql: Sql, customerId: string, channel: Channel, actor: ConsentActor): Promise<{ changed: boolean } | null> {
  return sql.begin(async (tx) => {
    const [exists] = await tx`SELECT 1 FROM customers WHERE id = ${customerId}`;
    if (!exists) return null;
    const applied = await changeConsent(tx, [{ customerId, channel, subscribed: false, source: 'support', ...actor }]);
    if (applied.length === 0) return { changed: false };
    await audit(tx as never, { ...actor, action: 'customer.unsubscribe', entity: `customer:${customerId}`, details: { channel } });
    return { changed: true };
  });
}
