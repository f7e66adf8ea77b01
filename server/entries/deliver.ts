import { isEventTrigger } from '../../shared/scenario/triggers';
import { triggerType, type Plan } from '../../shared/scenario/plan';
import type { RunEntry } from '../../workflows/activities';
import { audienceQuery } from '../activities/audienceQuery';
import { enrolCustomers, type EnrolDeps } from '../activities/audience';
import { loadEntryRules } from '../audience/entryRules';
import type { Sql } from '../db/client';
import { startBackgroundJob, type BackgroundJob } from '../infra/backgroundJob';
import { claimDue, settleClaimed, type LeasedOutbox } from '../infra/leasedOutbox';
import { MAX_EVENT_AGE_HOURS } from './age';
import { entryKey, meetsTrigger, reentryOf, triggerEvent, type EntryFacts } from './match';

/**
 * Entries on events, delivered from the `entry_events` outbox (migration 0220). Order and event ingest write one row
 * per new order or custom event in their own transaction; this finds the active scenarios whose trigger the event
 * meets, lets each scenario's audience rules decide (its pushed-down filter and frequency limit, the re-entry rule,
 * the control and exclusivity groups — the same query as the daily audience, restricted to these customers), starts
 * one run per customer that enters, and deletes the row. A delivery that fails (Temporal unreachable) keeps its row
 * and is tried again with backoff; one that died half way is harmless to repeat: a customer whose run started is in a
 * live run (not selected again), and a run that already ended finds its entry key taken and leaves no trace.
 */

export { MAX_EVENT_AGE_HOURS };
/** Rows claimed 200 at a time, each for a minute (a process that died mid-way), retried after 1 s, 2 s … 30 s. */
const OUTBOX: LeasedOutbox = { table: 'entry_events', key: 'key', leaseSeconds: 60, batch: 200, maxBackoffSeconds: 30 };
const BATCH = OUTBOX.batch;

interface OutboxRow {
  key: string;
  customer_id: string;
  kind: 'order' | 'event';
  at: Date;
  attempts: number;
}

export interface EntryDeliveryReport {
  /** Rows handled (entered, or met no trigger), now deleted. */
  delivered: number;
  /** Rows left for a later attempt. */
  failed: number;
  /** Runs started. */
  started: number;
  error: string | null;
}

export interface EntryDeliveryOptions {
  /** Only these outbox keys (a simulation delivers its own events at once); default: every due row, one batch. */
  keys?: string[];
  /** The moment of entry (a simulation's own clock); default: now. */
  now?: Date;
}

export type EntryDeps = EnrolDeps & { clockOffsetMs?: number };

/** Delivers one batch of due outbox rows. */
export async function deliverEntries(deps: EntryDeps, options: EntryDeliveryOptions = {}): Promise<EntryDeliveryReport> {
  const { sql } = deps;
  const rows = await claimDue<OutboxRow>(sql, OUTBOX, ['key', 'customer_id', 'kind', 'at'], options.keys);
  const report: EntryDeliveryReport = { delivered: 0, failed: 0, started: 0, error: null };
  if (rows.length === 0) return report;

  const now = options.now ?? new Date();
  const oldest = now.getTime() - MAX_EVENT_AGE_HOURS * 3_600_000;
  const scenarios = await eventScenarios(sql);
  const fresh = scenarios.length === 0 ? [] : rows.filter((r) => r.at.getTime() >= oldest);
  const facts = await loadFacts(sql, fresh);

  const failures = new Map<string, string>();
  for (const plan of scenarios) {
    // Per customer, the earliest of their events that meets this trigger: one entry per scenario and batch.
    const chosen = new Map<string, { row: OutboxRow; facts: EntryFacts }>();
    for (const row of [...fresh].sort((a, b) => a.at.getTime() - b.at.getTime())) {
      const f = facts.get(row.key);
      if (f && !chosen.has(row.customer_id) && meetsTrigger(plan, f)) chosen.set(row.customer_id, { row, facts: f });
    }
    if (chosen.size === 0) continue;
    try {
      report.started += await enterOnEvents(deps, plan, chosen, now);
    } catch (error) {
      const message = ((error as Error)?.message ?? String(error)).slice(0, 500);
      for (const { row } of chosen.values()) failures.set(row.key, message);
    }
  }

  return { ...report, ...(await settleClaimed(sql, OUTBOX, rows, failures)) };
}

/** The current plans of active scenarios that start on events. */
async function eventScenarios(sql: Sql): Promise<Plan[]> {
  const rows = await sql<{ plan: Plan }[]>`
    SELECT v.plan FROM scenarios s JOIN scenario_versions v ON v.scenario_id = s.id AND v.version = s.current_version
     WHERE s.status = 'active' AND v.plan->'trigger'->>'type' IN ('orderTrigger', 'eventTrigger')
     ORDER BY s.created_at, s.id`;
  return rows.map((r) => r.plan).filter((plan) => isEventTrigger(triggerType(plan)));
}

/** What the triggers need to know of each order and custom event, in two reads. */
async function loadFacts(sql: Sql, rows: OutboxRow[]): Promise<Map<string, EntryFacts>> {
  const facts = new Map<string, EntryFacts>();
  const orderIds = rows.filter((r) => r.kind === 'order').map((r) => r.key.slice('order:'.length));
  const eventIds = rows.filter((r) => r.kind === 'event').map((r) => r.key.slice('event:'.length));
  if (orderIds.length > 0) {
    const orders = await sql<{ id: string; customer_id: string; amount: number; placed_at: Date; first: boolean; categories: string[] }[]>`
      SELECT o.id, o.customer_id, o.amount::float8 AS amount, o.placed_at,
             NOT EXISTS (SELECT 1 FROM orders p WHERE p.customer_id = o.customer_id AND (p.placed_at, p.id) < (o.placed_at, o.id)) AS first,
             coalesce((SELECT array_agg(DISTINCT i.category ORDER BY i.category) FROM order_items i WHERE i.order_id = o.id AND i.category IS NOT NULL), '{}') AS categories
        FROM orders o WHERE o.id = ANY(${orderIds}::text[])`;
    for (const o of orders) {
      facts.set(`order:${o.id}`, { kind: 'order', order: { id: o.id, customerId: o.customer_id, amount: o.amount, placedAt: o.placed_at, first: o.first, categories: o.categories } });
    }
  }
  if (eventIds.length > 0) {
    const events = await sql<{ id: string; customer_id: string; type: string; at: Date; data: Record<string, unknown> }[]>`
      SELECT id, customer_id, type, at, data FROM customer_events WHERE id = ANY(${eventIds}::text[])`;
    for (const e of events) facts.set(`event:${e.id}`, { kind: 'event', event: { id: e.id, customerId: e.customer_id, type: e.type, at: e.at, data: e.data } });
  }
  return facts;
}

/**
 * Enters the customers of `chosen` whom the scenario's audience rules let in, one enrolment of the scenario at a time
 * (the daily audience's lock): returns the runs started.
 */
async function enterOnEvents(deps: EntryDeps, plan: Plan, chosen: Map<string, { row: OutboxRow; facts: EntryFacts }>, now: Date): Promise<number> {
  return deps.sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtextextended(${`enrol:${plan.scenarioId}`}, 0))`;
    const db = tx as unknown as Sql;
    const rules = await loadEntryRules(db, plan.scenarioId, plan.settings);
    const spec = { ...plan, reentry: reentryOf(plan) };
    const selected = await audienceQuery(db, spec, { afterId: null, limit: chosen.size, now, only: [...chosen.keys()] }, rules);
    const ids = selected.filter((r) => r.blocked === null).map((r) => r.id);
    const events = new Map<string, RunEntry>(
      ids.map((id) => {
        const f = chosen.get(id)!.facts;
        return [id, { key: entryKey(f), event: triggerEvent(f, plan.settings.timezone) }];
      }),
    );
    const outcome = await enrolCustomers(deps, plan, ids, { enteredAt: now.toISOString(), clockOffsetMs: deps.clockOffsetMs ?? 0, events });
    return outcome.started;
  });
}

/** Delivers the outbox in the background: every second, at once when nudged after an ingest commits. */
export function startEntryDeliverer(deps: EntryDeps, options: { everyMs?: number; log?: (line: string) => void } = {}): BackgroundJob {
  return startBackgroundJob({
    name: 'event entries',
    everyMs: options.everyMs ?? 1_000,
    log: options.log,
    async pass() {
      const r = await deliverEntries(deps);
      return { done: r.delivered, failed: r.failed, error: r.error, more: r.delivered + r.failed >= BATCH };
    },
  });
}
