import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { plural } from '../../shared/i18n/plural';
import { WEBHOOK_LIMITS } from '../../shared/webhooks/limits';
import { WEBHOOK_REFUSED } from '../../workflows/activities';
import type { Sql } from '../db/client';
import { SIGNATURE_HEADER, signatureHeader } from './signature';
import { webhookUrlProblem } from './url';

/** How webhooks leave this process: for real, or not at all (simulations). */
export type WebhookTransport = { kind: 'live'; timeoutMs: number; allowHttpLoopback: boolean } | { kind: 'simulated' };

/** Simulations call no one: the step is journaled as simulated and takes `success`. */
export const SIMULATED_WEBHOOKS: WebhookTransport = { kind: 'simulated' };

export function webhookTransport(config: { WEBHOOK_TIMEOUT_MS: number; WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true' | 'false' }): WebhookTransport {
  return { kind: 'live', timeoutMs: config.WEBHOOK_TIMEOUT_MS, allowHttpLoopback: config.WEBHOOK_ALLOW_HTTP_LOOPBACK === 'true' };
}

export interface WebhookTarget {
  name: string;
  url: string;
  secret: string;
}

export interface DeliverOptions {
  /** This activity attempt (1-based). */
  attempt: number;
  /** Temporal will not retry after this attempt: a retryable outcome is then recorded as failed. */
  lastAttempt: boolean;
}

interface CallRow {
  id: number;
  body: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  response_status: number | null;
  error: string | null;
}

/**
 * Sends the webhook call recorded under `key` (webhook_calls, written by the activity with its body) at most once
 * per answer:
 *
 * - An attempt claims the pending call for one request's length (the timeout and a margin), so two attempts never
 *   send it at the same time; an attempt that finds it claimed fails retryably and comes back later.
 * - An answer ends the call for good: 2xx → `delivered`, and a retry (a worker that died after the answer, before
 *   Temporal heard of it) returns the recorded outcome without sending; a refusal (other 4xx, a redirect) → `failed`,
 *   and a retry throws the same refusal.
 * - Only a request without an answer we can act on — a network error, our timeout, 408/425/429/5xx — is sent again,
 *   by Temporal's next attempt after its backoff, with the same body and Idempotency-Key and a fresh signature.
 *
 * So our side sends a call again only when the previous request went unanswered. The receiver may still get it
 * twice when it did process a request whose answer we never saw (a timeout, a dropped connection): that is what
 * the Idempotency-Key header is for, and receivers should deduplicate on it. Messages need a longer lease and
 * heartbeats (server/channels/outbox.ts) because a provider call has no bound; a webhook request has one.
 */
export async function deliverCall(sql: Sql, key: string, target: WebhookTarget, transport: Extract<WebhookTransport, { kind: 'live' }>, options: DeliverOptions): Promise<{ status: number; attempts: number }> {
  const leaseSeconds = transport.timeoutMs / 1000 + 15;
  const token = randomUUID();
  const [claimed] = await sql<CallRow[]>`
    UPDATE webhook_calls SET attempts = attempts + 1, attempt_started_at = now(), claim_token = ${token}
     WHERE idempotency_key = ${key} AND status = 'pending'
       AND (attempt_started_at IS NULL OR attempt_started_at < now() - make_interval(secs => ${leaseSeconds}))
     RETURNING id, body, status, attempts, response_status, error`;
  if (!claimed) return recordedOutcome(sql, key);

  const finish = async (status: 'delivered' | 'failed' | 'pending', attempt: { outcome: 'delivered' | 'retry' | 'refused'; responseStatus: number | null; error: string | null; ms: number }) => {
    await sql.begin(async (tx) => {
      await tx`
        INSERT INTO webhook_attempts (call_id, attempt, started_at, duration_ms, response_status, outcome, error)
        VALUES (${claimed.id}, ${claimed.attempts}, now() - make_interval(secs => ${attempt.ms / 1000}), ${Math.round(attempt.ms)}, ${attempt.responseStatus}, ${attempt.outcome}, ${attempt.error})`;
      await tx`
        UPDATE webhook_calls
           SET status = ${status}, response_status = ${attempt.responseStatus}, error = ${attempt.error},
               claim_token = NULL, attempt_started_at = NULL, finished_at = ${status === 'pending' ? null : tx`now()`}
         WHERE id = ${claimed.id} AND claim_token = ${token}`;
    });
  };
  const refuse = async (reason: string, responseStatus: number | null, ms: number): Promise<never> => {
    await finish('failed', { outcome: 'refused', responseStatus, error: reason, ms });
    throw ApplicationFailure.create({ type: WEBHOOK_REFUSED, message: reason, nonRetryable: true });
  };
  const retry = async (reason: string, responseStatus: number | null, ms: number, retryAfterMs?: number): Promise<never> => {
    const words = options.lastAttempt ? `${attemptsWord(claimed.attempts)}, последняя — ${reason}` : reason;
    await finish(options.lastAttempt ? 'failed' : 'pending', { outcome: 'retry', responseStatus, error: words, ms });
    throw ApplicationFailure.create({ type: 'WebhookUnanswered', message: words, nonRetryable: options.lastAttempt, nextRetryDelay: retryAfterMs });
  };

  const problem = webhookUrlProblem(target.url, transport);
  if (problem) return refuse(`адрес вебхука не подходит: ${problem.ru}`, null, 0);

  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Comeback-Webhook/1',
        'idempotency-key': key,
        [SIGNATURE_HEADER]: signatureHeader(target.secret, claimed.body, new Date()),
      },
      body: claimed.body,
      // A redirect could lead the signed customer data anywhere (http://, an internal address): it is an answer, not a hop.
      redirect: 'manual',
      signal: AbortSignal.timeout(transport.timeoutMs),
    });
  } catch (error) {
    const ms = performance.now() - started;
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const detail = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    return retry(timedOut ? `нет ответа за ${formatSeconds(transport.timeoutMs)}` : `сеть: ${detail.slice(0, 200)}`, null, ms);
  }
  const excerpt = await readExcerpt(response, transport.timeoutMs);
  const ms = performance.now() - started;
  const answer = `HTTP ${response.status}${excerpt ? ` «${excerpt}»` : ''}`;
  if (response.status >= 200 && response.status < 300) {
    await finish('delivered', { outcome: 'delivered', responseStatus: response.status, error: null, ms });
    return { status: response.status, attempts: claimed.attempts };
  }
  if (response.status === 408 || response.status === 425 || response.status === 429 || response.status >= 500) {
    return retry(answer, response.status, ms, retryAfter(response.headers.get('retry-after')));
  }
  if (response.status >= 300 && response.status < 400) return refuse(`HTTP ${response.status}: получатель перенаправляет запрос, а перенаправления не выполняются — укажите в настройках конечный адрес`, response.status, ms);
  return refuse(answer, response.status, ms);
}

/** The outcome of a call another attempt already finished, or a retryable failure while one is sending it. */
async function recordedOutcome(sql: Sql, key: string): Promise<{ status: number; attempts: number }> {
  const [row] = await sql<CallRow[]>`SELECT id, body, status, attempts, response_status, error FROM webhook_calls WHERE idempotency_key = ${key}`;
  if (!row) throw new Error(`webhook call ${key} is not recorded`);
  if (row.status === 'delivered') return { status: row.response_status ?? 200, attempts: row.attempts };
  if (row.status === 'failed') throw ApplicationFailure.create({ type: WEBHOOK_REFUSED, message: row.error ?? 'отказ получателя', nonRetryable: true });
  throw ApplicationFailure.retryable('другая попытка отправляет этот вебхук прямо сейчас', 'WebhookInFlight');
}

/**
 * At most WEBHOOK_LIMITS.responseBytes of the answer, as one line of printable text of at most 100 characters: the
 * receiver's words are shown in the journal, never parsed or trusted. The rest of the body is not read.
 */
async function readExcerpt(response: Response, timeoutMs: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const deadline = setTimeout(() => void reader.cancel().catch(() => {}), timeoutMs);
  try {
    while (size < WEBHOOK_LIMITS.responseBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // A body that breaks off is only an excerpt shorter.
  } finally {
    clearTimeout(deadline);
    void reader.cancel().catch(() => {});
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks).subarray(0, WEBHOOK_LIMITS.responseBytes));
  const flat = text.replace(/[\p{C}\s]+/gu, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 100)}…` : flat;
}

/** Retry-After in seconds or as a date, capped at 5 minutes; undefined: Temporal's own backoff. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) : (Date.parse(header) - Date.now()) / 1000;
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 300) * 1000 : undefined;
}

const formatSeconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} с` : `${(ms / 1000).toFixed(1).replace('.', ',')} с`);

const attemptsWord = (n: number) => `${n} ${plural('ru', n, ['попытка', 'попытки', 'попыток'])}`;
