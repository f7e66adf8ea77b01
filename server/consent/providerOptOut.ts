import type { Channel } from '../../shared/scenario/schema';
import type { Queryable } from '../ingest/queryable';
import { changeConsent } from './changeConsent';

const CONTACT = { sms: 'phone', email: 'email', telegram: 'telegram_chat_id', push: 'push_token' } as const;

/**
 * A provider answered that the recipient refused messages on this channel (a blocked Telegram bot, a number on the
 * SMS stop list). That is the customer's opt-out, unless their contact has changed since: a stranger who now has
 * the old number or chat does not speak for them. Returns whether the consent changed.
 */
export async function optOutByProvider(db: Queryable, refusal: { customerId: string; channel: Channel; recipient: string; reason: string }): Promise<boolean> {
  const [current] = await db<{ contact: string | null }[]>`
    SELECT ${db(CONTACT[refusal.channel])} AS contact FROM customers WHERE id = ${refusal.customerId}`;
  if (current?.contact?.trim() !== refusal.recipient.trim()) return false;
  const applied = await changeConsent(db, [{ customerId: refusal.customerId, channel: refusal.channel, subscribed: false, source: 'provider', reason: refusal.reason }]);
  return applied.length > 0;
}
