import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CHANNELS, type Channel } from '../../shared/scenario/channels';
import { safeEqual } from '../auth/secrets';
import type { Sql } from '../db/client';
import { log } from './log';

/**
 * How one call of the outbox ended (server/channels/outbox.ts), or why the send step sent nothing
 * (server/activities/messages.ts). A fixed set, so the label stays small.
 */
export type SendOutcome =
  /** A provider accepted the message. */
  | 'sent'
  /** Recorded in the sandbox outbox (channel not configured, or a demo). */
  | 'sandbox'
  /** Refused for good (or the last attempt of a retryable error): the run goes on without it. */
  | 'failed'
  /** A retryable error: the message stays pending and the activity tries again. */
  | 'retryable_error'
  /** Another live attempt holds the message; this one backs off. */
  | 'in_flight'
  /** The provider accepted, but writing that down failed; the claim is kept so nothing is sent twice. */
  | 'unrecorded'
  /** Already finished by an earlier attempt: nothing was sent now. */
  | 'duplicate'
  /**
   * No channel the customer can be reached on, the customer is gone, the reminded bonus is used or expired, the
   * customer is in the global control group, or the shop's caps allow no moment within the longest deferral.
   */
  | 'skipped'
  /** Over the shop's caps: the run waits and asks again. */
  | 'deferred'
  /** The text or subject could not be rendered for this customer. */
  | 'not_rendered';

const SEND_OUTCOMES: readonly SendOutcome[] = ['sent', 'sandbox', 'failed', 'retryable_error', 'in_flight', 'unrecorded', 'duplicate', 'skipped', 'deferred', 'not_rendered'];

/** The product's metrics in one registry. One per process; tests make their own. */
export interface Metrics {
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  runsEnrolled: Counter<'outcome'>;
  messageSends: Counter<'channel' | 'outcome'>;
  activityFailures: Counter<'activity_type' | 'error'>;
}

export const METRIC_PREFIX = 'comeback_';

/**
 * Creates the registry with the product's metrics and, unless turned off, Node's own (CPU, memory, event-loop
 * delay, GC), all prefixed `comeback_` so one `{__name__=~"comeback_.*"}` finds everything this product exports.
 */
export function createMetrics(options: { nodeMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.nodeMetrics !== false) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  const registers = [registry];
  const metrics: Metrics = {
    registry,
    httpRequestDuration: new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: 'HTTP requests by method, route pattern (never the raw path) and status, with their duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    runsEnrolled: new Counter({
      name: `${METRIC_PREFIX}runs_enrolled_total`,
      help: 'Customers the audience enrolled: outcome="started" (a new run) or "already_running" (a live run kept them out)',
      labelNames: ['outcome'],
      registers,
    }),
    messageSends: new Counter({
      name: `${METRIC_PREFIX}message_sends_total`,
      help: 'Send steps by channel and outcome (sent, sandbox, failed, retryable_error, in_flight, unrecorded, duplicate, skipped, deferred, not_rendered)',
      labelNames: ['channel', 'outcome'],
      registers,
    }),
    activityFailures: new Counter({
      name: `${METRIC_PREFIX}activity_failures_total`,
      help: 'Temporal activity attempts that threw, by activity type and error class (each retry counts)',
      labelNames: ['activity_type', 'error'],
      registers,
    }),
  };
  // Known series start at 0, so rate() and increase() see their first event instead of a series appearing.
  for (const outcome of ['started', 'already_running']) metrics.runsEnrolled.inc({ outcome }, 0);
  for (const channel of CHANNELS) for (const outcome of SEND_OUTCOMES) metrics.messageSends.inc({ channel, outcome }, 0);
  return metrics;
}

/** Counts one send outcome. */
export function countSend(metrics: Metrics | undefined, channel: Channel, outcome: SendOutcome): void {
  metrics?.messageSends.inc({ channel, outcome });
}

/** The error's class name as a label value: code-defined, so a small set; anything odd becomes `Error`. */
export function errorClass(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  return /^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(name) ? name : 'Error';
}

/**
 * Gauges of the outbox backlog, read from the database at each scrape in one query over partial and small indexes:
 * pending messages (messages_pending_idx), the age of the oldest one, and purchase signals not yet delivered.
 * The figures are the database's, the same from every process, so only the API process registers them.
 */
export function watchOutboxBacklog(metrics: Metrics, sql: Sql): void {
  let reading: Promise<{ pending: number; oldestAge: number; signals: number }> | null = null;
  // The three gauges are collected one after another during one scrape: they share one query.
  const read = () => {
    reading ??= (async () => {
      try {
        const [row] = await sql<{ pending: number; oldest_age: number | null; signals: number }[]>`
          SELECT (SELECT count(*)::int FROM messages WHERE status = 'pending') AS pending,
                 (SELECT extract(epoch FROM now() - min(created_at))::float8 FROM messages WHERE status = 'pending') AS oldest_age,
                 (SELECT count(*)::int FROM order_signals) AS signals`;
        return { pending: row.pending, oldestAge: row.oldest_age ?? 0, signals: row.signals };
      } catch (error) {
        log.warn({ err: error }, 'metrics: reading the outbox backlog failed');
        return { pending: Number.NaN, oldestAge: Number.NaN, signals: Number.NaN };
      } finally {
        setImmediate(() => (reading = null));
      }
    })();
    return reading;
  };
  new Gauge({
    name: `${METRIC_PREFIX}outbox_pending_messages`,
    help: 'Messages recorded in the outbox and not yet sent or failed (NaN when the database did not answer)',
    registers: [metrics.registry],
    async collect() {
      this.set((await read()).pending);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}outbox_oldest_pending_seconds`,
    help: 'Age of the oldest pending message in the outbox (0 when none)',
    registers: [metrics.registry],
    async collect() {
      this.set((await read()).oldestAge);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}order_signals_pending`,
    help: 'Purchases whose stop signal has not yet reached the customer\'s live runs',
    registers: [metrics.registry],
    async collect() {
      this.set((await read()).signals);
    },
  });
}

export interface ScrapeOptions {
  /**
   * The Temporal SDK's own Prometheus endpoint on loopback (see server/temporal/telemetry.ts); its lines are appended
   * after ours. Absent, or not answering within `timeoutMs`: the product's metrics alone.
   */
  temporalMetricsUrl?: string | null;
  timeoutMs?: number;
}

/** The text a scrape gets: the product's metrics, then the Temporal worker's. */
export async function scrape(metrics: Metrics, options: ScrapeOptions = {}): Promise<{ contentType: string; body: string }> {
  const [own, temporal] = await Promise.all([metrics.registry.metrics(), temporalMetrics(options)]);
  return { contentType: metrics.registry.contentType, body: temporal ? `${own.trimEnd()}\n${temporal}` : own };
}

async function temporalMetrics({ temporalMetricsUrl, timeoutMs = 1_000 }: ScrapeOptions): Promise<string | null> {
  if (!temporalMetricsUrl) return null;
  try {
    const res = await fetch(temporalMetricsUrl, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    // Both are the Prometheus text format with disjoint names (comeback_… and temporal_…); an OpenMetrics end
    // marker, should the SDK ever send one, would end the exposition early, so it is dropped.
    const text = (await res.text()).replace(/^# EOF\s*$/m, '').trimEnd();
    return text ? `${text}\n` : null;
  } catch (error) {
    log.warn({ err: error, url: temporalMetricsUrl }, 'metrics: the Temporal SDK metrics did not answer; serving the product metrics alone');
    return null;
  }
}

/**
 * Who may scrape. With a token (METRICS_TOKEN), only `Authorization: Bearer <token>`. Without one, only a client on
 * this machine that came straight to us: a loopback socket and no proxy headers, so a reverse proxy on the same host
 * does not expose the metrics to the world.
 */
export function mayScrape(request: { authorization?: string; remoteAddress?: string; forwarded: boolean }, token: string | undefined): 'ok' | 'token_required' | 'loopback_only' {
  if (token) {
    const sent = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? '')?.[1];
    return sent !== undefined && safeEqual(sent, token) ? 'ok' : 'token_required';
  }
  return isLoopback(request.remoteAddress) && !request.forwarded ? 'ok' : 'loopback_only';
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}
