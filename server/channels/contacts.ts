import type { Sql } from '../db/client';
import type { Channel } from '../../shared/scenario/schema';

/** The customer's address for a channel and whether they agreed to receive messages there. */
export interface ChannelContact {
  recipient: string | null;
  subscribed: boolean;
}

/**
 * Contacts of one customer, per channel. A channel is usable only when subscribed AND the contact is present —
 * the same rule as the `subscribed.<channel>` condition field. Null when the customer does not exist.
 */
export async function customerContacts(sql: Sql, customerId: string): Promise<Record<Channel, ChannelContact> | null> {
  const [row] = await sql<
    { email: string | null; phone: string | null; telegram_chat_id: string | null; push_token: string | null; sub_email: boolean; sub_sms: boolean; sub_telegram: boolean; sub_push: boolean }[]
  >`SELECT email, phone, telegram_chat_id, push_token, sub_email, sub_sms, sub_telegram, sub_push FROM customers WHERE id = ${customerId}`;
  if (!row) return null;
  const present = (value: string | null) => (value && value.trim() !== '' ? value.trim() : null);
  return {
    email: { recipient: present(row.email), subscribed: row.sub_email },
    sms: { recipient: present(row.phone), subscribed: row.sub_sms },
    telegram: { recipient: present(row.telegram_chat_id), subscribed: row.sub_telegram },
    push: { recipient: present(row.push_token), subscribed: row.sub_push },
  };
}

/** The first channel of `preferred` that the customer can receive on, with its recipient; null when none. */
export function pickChannel(contacts: Record<Channel, ChannelContact>, preferred: Channel[]): { channel: Channel; recipient: string } | null {
  for (const channel of preferred) {
    const contact = contacts[channel];
    if (contact.subscribed && contact.recipient) return { channel, recipient: contact.recipient };
  }
  return null;
}
