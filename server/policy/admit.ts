import { capInWords, capVerdict, periodBounds, type SentMessage } from '../../shared/policy/caps';
import type { QuietHours } from '../../shared/time/quietHours';
import { plural } from '../../shared/i18n/plural';
import type { Channel } from '../../shared/scenario/channels';
import type { Sql } from '../db/client';
import { insertPendingMessage, type OutboxMessage } from '../channels/outbox';
import type { Channels } from '../channels';
import type { PolicyInForce } from './store';

const DAY_MS = 86_400_000;

export type Admission =
  /** The message may go; under caps its row is already in the outbox, counted by every other run of this customer. */
  | { admitted: true }
  /** Over a cap: may go at `until` (the run waits there and asks again); null: not within the longest deferral. */
  | { admitted: false; until: Date | null; reason: string };

export interface AdmissionRequest {
  message: OutboxMessage & { channel: Channel };
  /** The run's clock (a simulation's calendar included): what the caps count and what the periods are. */
  at: Date;
  timeZone: string;
  quietHours?: QuietHours;
  /** When this message was first deferred (the longest deferral counts from there); absent: now. */
  deferredSince?: Date;
}

/**
 * Admits one message under the shop's caps, atomically across runs and workers: under a transaction lock on the
 * customer, counts what the customer was sent in the periods the caps span and, when every cap allows, inserts the
 * message's pending row before the lock is released. Two runs of two scenarios for one customer in the same second
 * queue on the lock; the second sees the first one's row. A message already in the outbox (a retried attempt) is
 * admitted as it was. Service messages never come here (exempt, and not counted).
 */
export async function admitMessage(sql: Sql, channels: Channels, policy: PolicyInForce, request: AdmissionRequest): Promise<Admission> {
  const { at, timeZone } = request;
  const message = { ...request.message, countedAt: at };
  // Nothing to count: the outbox writes the row itself (recordAndSend), so no write here.
  if (policy.caps.length === 0) return { admitted: true };
  return sql.begin(async (tx) => {
    const db = tx as unknown as Sql;
    await tx`SELECT pg_advisory_xact_lock(hashtextextended(${`policy:${message.customerId}`}, 0))`;
    const since = new Date(Math.min(...policy.caps.map((cap) => periodBounds(at, cap.period, timeZone).start.getTime())));
    // What counts, and this message's own row if a retried attempt wrote it (then it goes on as recorded).
    const rows = await tx<(SentMessage & { own: boolean })[]>`
      SELECT counted_at AS at, channel, idempotency_key = ${message.idempotencyKey} AS own FROM messages
       WHERE customer_id = ${message.customerId}
         AND ((NOT service AND status <> 'failed' AND counted_at >= ${since}) OR idempotency_key = ${message.idempotencyKey})`;
    if (rows.some((r) => r.own)) return { admitted: true } as const;
    const sent: SentMessage[] = rows;
    const latest = new Date((request.deferredSince ?? at).getTime() + policy.maxDelayDays * DAY_MS);
    const verdict = capVerdict(policy.caps, sent, message.channel, at, { timeZone, quietHours: request.quietHours, latest });
    if (verdict.allowed) {
      await insertPendingMessage(db, channels, message);
      return { admitted: true } as const;
    }
    const rule = `лимит коммуникаций ${capInWords(verdict.cap)}`;
    if (verdict.until) return { admitted: false, until: verdict.until, reason: rule };
    const days = policy.maxDelayDays;
    const longest = days === 0 ? 'откладывать сообщения запрещено' : `отложить можно не больше чем на ${days} ${plural('ru', days, ['день', 'дня', 'дней'])}`;
    return { admitted: false, until: null, reason: `пропущено: ${rule}, ${longest}` };
  });
}
