import { recordAndSend, type Channels, type OutboxResult } from '../channels';
import { customerContacts } from '../channels/contacts';
import { audit } from '../audit';
import type { Sql } from '../db/client';

export type ResendResult =
  | { ok: true; original: number; result: OutboxResult }
  | { ok: false; problem: 'not_found' | 'not_failed' | 'unsubscribed'; status?: string };

/**
 * Sends a failed message again as a new outbox row: same customer, channel, recipient and text, with the key
 * `<old key>:resend:<n>` so each resend is itself sent at most once and the original stays as it failed.
 * Refused when the customer has since unsubscribed from that channel.
 */
export async function resendMessage(sql: Sql, channels: Channels, messageId: number, actor: { userId: number | null; tokenId: number | null }): Promise<ResendResult> {
  const [m] = await sql<{ id: number; idempotency_key: string; status: string; customer_id: string; channel: 'sms' | 'email' | 'telegram' | 'push'; recipient: string; subject: string | null; text: string; run_id: string | null; scenario_id: string | null; node_id: string | null }[]>`
    SELECT id, idempotency_key, status, customer_id, channel, recipient, subject, text, run_id, scenario_id, node_id FROM messages WHERE id = ${messageId}`;
  if (!m) return { ok: false, problem: 'not_found' };
  if (m.status !== 'failed') return { ok: false, problem: 'not_failed', status: m.status };
  const contacts = await customerContacts(sql, m.customer_id);
  if (!contacts?.[m.channel].subscribed) return { ok: false, problem: 'unsubscribed' };
  const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM messages WHERE idempotency_key LIKE ${`${m.idempotency_key.replace(/[\\%_]/g, (c) => `\\${c}`)}:resend:%`}`;
  const result = await recordAndSend(
    sql,
    channels,
    {
      idempotencyKey: `${m.idempotency_key}:resend:${n + 1}`,
      customerId: m.customer_id,
      channel: m.channel,
      recipient: m.recipient,
      subject: m.subject,
      text: m.text,
      runId: m.run_id,
      scenarioId: m.scenario_id,
      nodeId: m.node_id,
    },
    { lastAttempt: true },
  );
  await audit(sql, { ...actor, action: 'message.resend', entity: `message:${m.id}`, details: { newMessageId: result.messageId, status: result.status, customerId: m.customer_id, channel: m.channel } });
  return { ok: true, original: m.id, result };
}
