import type { Channel } from '../../shared/scenario/schema';
import { audit } from '../audit';
import type { Sql } from '../db/client';

const COLUMN = { sms: 'sub_sms', email: 'sub_email', telegram: 'sub_telegram', push: 'sub_push' } as const;

/**
 * Takes a customer's consent for one channel away. Live runs need no signal: every send reads the subscription at
 * send time (server/channels/contacts.ts) and journals "skipped: no consent" or falls back to another channel.
 * Returns null when there is no such customer; `changed` is false when they were already unsubscribed.
 */
export async function unsubscribeCustomer(sql: Sql, customerId: string, channel: Channel, actor: { userId: number | null; tokenId: number | null }): Promise<{ changed: boolean } | null> {
  return sql.begin(async (tx) => {
    const column = COLUMN[channel];
    const [before] = await tx<{ subscribed: boolean }[]>`SELECT ${tx(column)} AS subscribed FROM customers WHERE id = ${customerId} FOR UPDATE`;
    if (!before) return null;
    if (!before.subscribed) return { changed: false };
    await tx`UPDATE customers SET ${tx(column)} = false, updated_at = now() WHERE id = ${customerId}`;
    await audit(tx as never, { ...actor, action: 'customer.unsubscribe', entity: `customer:${customerId}`, details: { channel } });
    return { changed: true };
  });
}
