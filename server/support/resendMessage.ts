import { recordAndSend, type Channels, type OutboxResult } from '../channels';
import { customerContacts } from '../channels/contacts';
import { audit } from '../audit';
import type { Sql } from '../db/client';

export type MessageStatus = 'pending' | 'sent' | 'sandbox' | 'failed';

export type ResendResult =
  | { ok: true; original: number; result: OutboxResult }
  | { ok: false; problem: 'not_found' }
  | { ok: false; problem: 'unsubscribed' }
  | { ok: false; problem: 'not_failed'; status: MessageStatus }
  | { ok: false; problem: 'already_resent'; resend: { messageId: number; status: MessageStatus } };

/**
 * Sends a failed message once more, as a new outbox row with the same customer, channel, recipient and text; the
 * original stays as it failed. Each failed message is resent at most once: the new row's key is `<old key>:resend`,
 * and the unique idempotency key lets exactly one of any number of parallel clicks create it (the others learn of
 * the resend they lost to). A resend that fails in turn may be resent once itself (`…:resend:resend`).
 * Refused when the customer has since unsubscribed from that channel.
 */
export async function resendMessage(sql: Sql, channels: Channels, messageId: number, actor: { userId: number | null; tokenId: number | null }): Promise<ResendResult> {
  const [m] = await sql<{ id: number; idempotency_key: string; status: MessageStatus; customer_id: string; channel: 'sms' | 'email' | 'telegram' | 'push'; recipient: string; subject: string | null; text: string; run_id: string | null; scenario_id: string | null; node_id: string | null }[]>`
    SELECT id, idempotency_key, status, customer_id, channel, recipient, subject, text, run_id, scenario_id, node_id FROM messages WHERE id = ${messageId}`;
  if (!m) return { ok: false, problem: 'not_found' };
  if (m.status !== 'failed') return { ok: false, problem: 'not_failed', status: m.status };
  const key = `${m.idempotency_key}:resend`;
  const earlier = await findResend(sql, key);
  if (earlier) return earlier;
  const contacts = await customerContacts(sql, m.customer_id);
  if (!contacts?.[m.channel].subscribed) return { ok: false, problem: 'unsubscribed' };
  const [created] = await sql`
    INSERT INTO messages (idempotency_key, run_id, scenario_id, node_id, customer_id, channel, recipient, subject, text, status, provider)
    VALUES (${key}, ${m.run_id}, ${m.scenario_id}, ${m.node_id}, ${m.customer_id}, ${m.channel}, ${m.recipient}, ${m.subject}, ${m.text}, 'pending', ${channels[m.channel].provider})
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id`;
  if (!created) return (await findResend(sql, key))!;
  const result = await recordAndSend(
    sql,
    channels,
    { idempotencyKey: key, customerId: m.customer_id, channel: m.channel, recipient: m.recipient, subject: m.subject, text: m.text, runId: m.run_id, scenarioId: m.scenario_id, nodeId: m.node_id },
    { lastAttempt: true },
  );
  await audit(sql, { ...actor, action: 'message.resend', entity: `message:${m.id}`, details: { newMessageId: result.messageId, status: result.status, customerId: m.customer_id, channel: m.channel } });
  return { ok: true, original: m.id, result };
}

async function findResend(sql: Sql, key: string): Promise<ResendResult | null> {
  const [row] = await sql<{ id: number; status: MessageStatus }[]>`SELECT id, status FROM messages WHERE idempotency_key = ${key}`;
  return row ? { ok: false, problem: 'already_resent', resend: { messageId: row.id, status: row.status } } : null;
}
