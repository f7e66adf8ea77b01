import { randomUUID } from 'node:crypto';
import type { Sql } from '../db/client';
import type { Channel } from '../../shared/scenario/schema';
import { optOutByProvider } from '../consent/providerOptOut';
import { signUnsubscribeToken, unsubscribeSecret } from '../consent/unsubscribeToken';
import { log } from '../infra/log';
import { countSend, type Metrics, type SendOutcome } from '../infra/metrics';
import { ChannelError } from './errors';
import type { Channels, ProviderName, SendResult } from './types';

export interface OutboxMessage {
  /** Run + node (e.g. `${runId}:${nodeId}`): the same key is never sent twice. */
  idempotencyKey: string;
  customerId: string;
  channel: Channel;
  /** The contact for `channel`: email, phone, Telegram chat id or push token. */
  recipient: string;
  subject?: string | null;
  text: string;
  runId?: string | null;
  scenarioId?: string | null;
  nodeId?: string | null;
  /** What the shop's caps count the message at (server/policy/admit.ts): the run's clock; default: now. */
  countedAt?: Date;
  /** A service message: exempt from the caps and not counted by them. */
  service?: boolean;
}

export interface OutboxResult {
  messageId: number;
  /** The channel recorded for this key (a retry may have asked for another one). */
  channel: Channel;
  status: 'sent' | 'sandbox' | 'failed';
  provider: ProviderName;
  providerMessageId: string | null;
  segments: number | null;
  cost: number;
  /** Why the provider refused, for `failed`. */
  error: string | null;
  /** True when an earlier call already finished this message and nothing was sent now. */
  duplicate: boolean;
}

export interface RecordAndSendOptions {
  /**
   * The caller will not retry after this call (e.g. the activity's last attempt): a retryable error then marks
   * the message `failed` as well, so nothing stays `pending` forever.
   */
  lastAttempt?: boolean;
  /**
   * How long a claim lasts without renewal. The attempt renews it every quarter of this while the provider call is
   * in flight, so only an attempt that stopped renewing (its process died) loses it; default 60 s.
   */
  leaseMs?: number;
  /** Called at every renewal while the provider call is in flight (the activity heartbeats there). */
  onRenew?: () => void;
  /** Where the outcome is counted (comeback_message_sends_total); absent (simulations) → not counted. */
  metrics?: Metrics;
}

interface MessageRow {
  id: number;
  channel: Channel;
  status: 'pending' | 'sent' | 'sandbox' | 'failed';
  provider: ProviderName;
  recipient: string;
  subject: string | null;
  text: string;
  provider_message_id: string | null;
  segments: number | null;
  cost: number;
  error: string | null;
}

const DEFAULT_LEASE_MS = 60_000;

/**
 * Records a message in the `messages` outbox, then sends it through its channel, at most once per idempotency key.
 *
 * 1. The row is written first (`INSERT … ON CONFLICT DO NOTHING`) with status `pending`.
 * 2. An attempt claims the row only while it is `pending` and not claimed by another live attempt: it stamps its
 *    own token, and renews the lease while the provider call is in flight, however long that takes. A row that is
 *    already `sent`, `sandbox` or `failed` is returned as is (`duplicate: true`): a retried activity or a restarted
 *    worker does not send again. A row claimed by a live attempt → retryable `ChannelError` (`in-flight`), so the
 *    caller retries after that attempt has finished. Only the attempt that owns the claim writes the outcome.
 * 3. The stored channel, recipient and text are sent (not the caller's: a retry that picked another fallback
 *    channel or re-rendered the text still delivers exactly what was recorded), and the outcome is
 *    written: `sent`/`sandbox` with provider id, segments and cost; `failed` on a permanent refusal (returned,
 *    not thrown: the run goes on). A refusal that is the recipient's own "stop" (a blocked bot, a stop-listed
 *    number) is recorded as the customer's opt-out in the same transaction. A retryable failure releases the
 *    claim, keeps the row `pending` with the error and throws the retryable `ChannelError` so the activity retry
 *    policy tries again. Once the provider has accepted, the claim is never released: writing `sent` is tried
 *    again for half the lease, and if it still fails the error is retryable (`unrecorded`) and the claim stays, so
 *    a retry within the lease reports `in-flight` instead of sending a second copy.
 *
 * The remaining at-least-once window: if the process dies (or the database is unreachable for longer than the
 * lease) after the provider accepted the message but before step 3 recorded it, the row stays `pending`, and once
 * the lease expires the next attempt sends again. The same holds for a provider timeout where the provider did
 * receive the request. Providers that
 * deduplicate (push webhook via Idempotency-Key, SMTP relays via the derived Message-ID) drop such a resend;
 * Telegram and the SMS gateway have no idempotency key, so the customer may get a second copy in that window.
 */
export async function recordAndSend(sql: Sql, channels: Channels, message: OutboxMessage, options: RecordAndSendOptions = {}): Promise<OutboxResult> {
  try {
    const result = await sendOnce(sql, channels, message, options);
    countSend(options.metrics, result.channel, result.duplicate ? 'duplicate' : result.status);
    return result;
  } catch (error) {
    countSend(options.metrics, message.channel, thrownOutcome(error));
    throw error;
  }
}

/** What a throw out of the outbox means; every one of them leaves the message pending for a retry. */
function thrownOutcome(error: unknown): SendOutcome {
  if (error instanceof ChannelError && error.code === 'in-flight') return 'in_flight';
  if (error instanceof ChannelError && error.code === 'unrecorded') return 'unrecorded';
  return 'retryable_error';
}

/** Step 1 of recordAndSend on its own: the message's `pending` row, unless its key is recorded already. */
export async function insertPendingMessage(sql: Sql, channels: Channels, message: OutboxMessage): Promise<void> {
  await sql`
    INSERT INTO messages (idempotency_key, run_id, scenario_id, node_id, customer_id, channel, recipient, subject, text, status, provider,
                          counted_at, service)
    VALUES (${message.idempotencyKey}, ${message.runId ?? null}, ${message.scenarioId ?? null}, ${message.nodeId ?? null},
            ${message.customerId}, ${message.channel}, ${message.recipient}, ${message.subject ?? null}, ${message.text},
            'pending', ${channels[message.channel].provider}, ${message.countedAt ?? new Date()}, ${message.service ?? false})
    ON CONFLICT (idempotency_key) DO NOTHING`;
}

async function sendOnce(sql: Sql, channels: Channels, message: OutboxMessage, options: RecordAndSendOptions): Promise<OutboxResult> {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;

  await insertPendingMessage(sql, channels, message);

  const token = randomUUID();
  const [claimed] = await sql<MessageRow[]>`
    UPDATE messages
       SET attempts = attempts + 1, attempt_started_at = now(), claim_token = ${token}
     WHERE idempotency_key = ${message.idempotencyKey}
       AND status = 'pending'
       AND (attempt_started_at IS NULL OR attempt_started_at < now() - make_interval(secs => ${leaseMs / 1000}))
     RETURNING id, status, channel, provider, recipient, subject, text, provider_message_id, segments, cost, error`;

  if (!claimed) {
    const [existing] = await sql<MessageRow[]>`
      SELECT id, status, channel, provider, recipient, subject, text, provider_message_id, segments, cost, error
        FROM messages WHERE idempotency_key = ${message.idempotencyKey}`;
    if (existing.status === 'pending') {
      throw new ChannelError('Another attempt is sending this message right now', { retryable: true, code: 'in-flight' });
    }
    return resultOf(existing, true);
  }

  // The recorded channel, recipient and text are what gets sent, whatever this retry computed.
  const adapter = channels[claimed.channel];
  const unsubscribeToken = signUnsubscribeToken(await unsubscribeSecret(sql), { customerId: message.customerId, channel: claimed.channel });
  const owned = sql`id = ${claimed.id} AND claim_token = ${token} AND status = 'pending'`;
  let sent: SendResult;
  try {
    sent = await whileRenewing(sql, claimed.id, token, leaseMs, options.onRenew, () =>
      adapter.send({
        to: claimed.recipient,
        subject: claimed.subject ?? undefined,
        text: claimed.text,
        idempotencyKey: message.idempotencyKey,
        unsubscribeToken,
      }),
    );
  } catch (error) {
    const failure =
      error instanceof ChannelError
        ? error
        : new ChannelError(`${adapter.provider}: ${(error as Error)?.message ?? String(error)}`, { retryable: true, code: 'unexpected', cause: error });
    if (failure.retryable && !options.lastAttempt) {
      await sql`UPDATE messages SET error = ${failure.message}, provider = ${adapter.provider}, attempt_started_at = NULL, claim_token = NULL WHERE ${owned}`;
      throw failure;
    }
    const row = await sql.begin(async (tx) => {
      const [failed] = await tx<MessageRow[]>`
        UPDATE messages SET status = 'failed', error = ${failure.message}, provider = ${adapter.provider}, attempt_started_at = NULL, claim_token = NULL
         WHERE id = ${claimed.id} AND claim_token = ${token} AND status = 'pending'
         RETURNING id, status, channel, provider, recipient, subject, text, provider_message_id, segments, cost, error`;
      if (failed && failure.optOut) {
        await optOutByProvider(tx, { customerId: message.customerId, channel: claimed.channel, recipient: claimed.recipient, reason: failure.message });
      }
      return failed;
    });
    return row ? resultOf(row, false) : lostClaim(sql, claimed);
  }

  // The provider accepted it. From here a failure must not release the claim: a retry would send it again at once.
  // The outcome is written again for half the lease (a dropped connection, a restarting database); past that the
  // claim is left to expire, and the at-least-once window above applies.
  const status = adapter.provider === 'sandbox' ? 'sandbox' : 'sent';
  const row = await persistently(leaseMs / 2, async () => {
    const [written] = await sql<MessageRow[]>`
      UPDATE messages
         SET status = ${status}, provider = ${adapter.provider}, provider_message_id = ${sent.providerMessageId ?? null}, segments = ${sent.segments ?? null},
             cost = ${sent.cost}, error = NULL, sent_at = now(), attempt_started_at = NULL, claim_token = NULL
       WHERE ${owned}
       RETURNING id, status, channel, provider, recipient, subject, text, provider_message_id, segments, cost, error`;
    return written;
  }).catch((error) => {
    throw new ChannelError(`${adapter.provider} accepted the message, but recording it failed: ${(error as Error).message}`, { retryable: true, code: 'unrecorded', cause: error });
  });
  return row ? resultOf(row, false) : lostClaim(sql, claimed);
}

/** Runs `write` until it succeeds, waiting 100 ms, 200 ms, … between tries, for at most `budgetMs`. */
async function persistently<T>(budgetMs: number, write: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await write();
    } catch (error) {
      if (Date.now() + wait > deadline) throw error;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/**
 * Runs the provider call while renewing the claim every quarter of the lease; a renewal that fails (the database
 * is away for a moment) is tried again at the next tick.
 */
async function whileRenewing<T>(sql: Sql, id: number, token: string, leaseMs: number, onRenew: (() => void) | undefined, call: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {
    onRenew?.();
    sql`UPDATE messages SET attempt_started_at = now() WHERE id = ${id} AND claim_token = ${token} AND status = 'pending'`.catch(() => {});
  }, leaseMs / 4);
  try {
    return await call();
  } finally {
    clearInterval(timer);
  }
}

/**
 * This attempt no longer owns the claim when its outcome is in: its renewals failed for longer than the lease and
 * another attempt took the message over. The other attempt's outcome stands; this one is reported, not written.
 */
async function lostClaim(sql: Sql, claimed: MessageRow): Promise<OutboxResult> {
  const [current] = await sql<MessageRow[]>`
    SELECT id, status, channel, provider, recipient, subject, text, provider_message_id, segments, cost, error FROM messages WHERE id = ${claimed.id}`;
  log.warn({ messageId: claimed.id }, 'outbox: another attempt took the claim over while this one was sending; its outcome stands');
  if (current.status === 'pending') throw new ChannelError('Another attempt took this message over and is sending it', { retryable: true, code: 'in-flight' });
  return resultOf(current, true);
}

function resultOf(row: MessageRow, duplicate: boolean): OutboxResult {
  return {
    messageId: row.id,
    channel: row.channel,
    status: row.status as OutboxResult['status'],
    provider: row.provider,
    providerMessageId: row.provider_message_id,
    segments: row.segments,
    cost: row.cost,
    error: row.error,
    duplicate,
  };
}
