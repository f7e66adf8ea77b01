import type { CustomerFacts } from '../shared/conditions/fields';
import type { ProfileAction } from '../shared/conditions/profile';
import type { Channel, NodeType } from '../shared/scenario/schema';
import type { RunStatus } from '../shared/api/statuses';
import type { OrderPlaced } from './signals';

/**
 * The I/O a customer run needs, as a type: workflows declare it, server/activities implements it. Every call takes
 * "now" from the workflow (simulated calendar included), never from the activity's own clock.
 */

export type { RunStatus } from '../shared/api/statuses';

/** Who the run is: one customer in one scenario version. */
export interface RunRef {
  runId: string;
  workflowId: string;
  scenarioId: string;
  version: number;
  customerId: string;
  /** How many times the run moved to another version (server/moves/); journal keys of later legs carry it. */
  leg?: number;
  /**
   * Set when the scenario stops on purchase: the run's entry time (ISO). Effects a customer would see (a message, a
   * bonus, a task) then first look for an order placed since, and fail with CUSTOMER_ORDERED instead of acting.
   * Absent in activity inputs recorded before it existed.
   */
  stopOnPurchaseSince?: string;
}

/**
 * The type of the non-retryable ApplicationFailure an effect activity throws when the customer has ordered since
 * entering a run that stops on purchase; its first detail is the OrderPlaced. The run ends as `converted`.
 */
export const CUSTOMER_ORDERED = 'CustomerOrdered';

/** One line of the run's journal (run_steps), written once per key. */
export interface StepRecord {
  nodeId: string;
  nodeType: NodeType;
  at: string;
  outcome: string;
  port: string | null;
  reason?: string;
  data?: Record<string, unknown>;
  /** Distinguishes several records of one node (e.g. `held` then `sent`); default: the node's outcome record. */
  suffix?: string;
}

/**
 * The event a run entered on (an event trigger, or a scheduled one that is about a customer's date: birthday, points
 * expiring, entering a segment). Templates read it as `event`, the journal's trigger line is its `title`.
 */
export interface TriggerEvent {
  kind: 'order' | 'event' | 'birthday' | 'bonusExpiry' | 'segment';
  /** The order id, the custom event's id, … */
  id: string;
  /** A custom event's type. */
  type?: string;
  /** When it happened (an order's placedAt; a birthday's or expiry's own date). */
  at: string;
  data: Record<string, unknown>;
  /** What happened, in the marketer's words, e.g. «первый заказ o-17 на 2 500 ₽ 12.03 14:05». */
  title: string;
}

/** A run's entry on one event: at most one entry per scenario, customer and `key`. */
export interface RunEntry {
  key: string;
  event: TriggerEvent;
}

/** How a run began. */
export interface BeginRun {
  /**
   * False when another run of this scenario and customer already entered in the same firing (the scenario's local
   * day): this one ends at once, doing nothing, and leaves no row.
   */
  entered: boolean;
  /** When the run stops on purchase: an order placed since entry that it may have missed (delivered before the row existed). */
  ordered: OrderPlaced | null;
}

/** A bonus granted earlier in this run, as templates and reminders see it. */
export interface GrantedBonus {
  grantId: number;
  nodeId: string;
  points: number;
  at: string;
  expiresAt: string;
}

export interface MessageRequest {
  run: RunRef;
  nodeId: string;
  nodeType: 'send' | 'reminder';
  /** The node's channel first, then its fallbacks. */
  channels: Channel[];
  subject?: string;
  text: string;
  bonus: GrantedBonus | null;
  /** The scenario's time zone, used when the customer has none. */
  timezone: string;
  now: string;
  /** Where the run goes after this node (recorded with the step). */
  nextNodeId: string | null;
  /** The node is a service message: exempt from the shop's communication caps (absent in older inputs: no). */
  service?: boolean;
  /** The scenario's quiet hours: a message deferred by a cap is deferred past them too. */
  quietHours?: { start: string; end: string };
  /** When the shop's caps first deferred this message (ISO): the longest deferral counts from there. */
  deferredSince?: string;
}

export type MessageOutcome =
  | { sent: true; channel: Channel; messageId: number; text: string }
  /**
   * Not sent. With `deferredUntil` (ISO) the shop's caps hold the message: the run waits until then and asks again;
   * older workers, which know no deferral, take it as skipped (`reason` says why).
   */
  | { sent: false; reason: string; deferredUntil?: string; timezone?: string };

export interface RuntimeActivities {
  /**
   * Creates the run's row (and journal lines for the audience nodes already passed). Idempotent. Void in histories
   * recorded before it said more.
   */
  beginRun(input: { run: RunRef; enteredAt: string; passed: StepRecord[]; timezone?: string; entry?: RunEntry }): Promise<BeginRun | void>;
  /** Journals a step and moves the run's cursor (current node, next wake-up). Idempotent by run + node. */
  recordStep(input: { run: RunRef; step: StepRecord; currentNodeId: string | null; nextWakeAt: string | null }): Promise<void>;
  /** Stores the A/B variant the run was assigned. */
  setVariant(input: { run: RunRef; variant: string }): Promise<void>;
  /**
   * Resolves a move at a safe point: `moved` moves the run's row to the new version and node and journals it
   * (returning the new version's plan), `exited` and `stayed` only record the outcome. At most one move or exit per
   * leg: asked again (a retried workflow task), it answers with the decision already recorded, which the run follows.
   */
  applyMove(input: {
    run: RunRef;
    planId: string;
    outcome: 'moved' | 'exited' | 'stayed';
    fromNodeId: string;
    toVersion: number;
    toNodeId: string | null;
    at: string;
    by?: string;
  }): Promise<{
    /** What the run does: the outcome asked for, or the one already recorded for this leg (absent in 0.3.0 histories). */
    outcome?: 'moved' | 'exited' | 'stayed';
    toNodeId?: string | null;
    plan: import('../shared/scenario/plan').Plan | null;
    reason: string;
  }>;
  /** Closes the run with its final status. */
  endRun(input: { run: RunRef; status: Exclude<RunStatus, 'running'>; at: string; reason: string }): Promise<void>;

  loadFacts(input: { customerId: string; now: string }): Promise<CustomerFacts | null>;
  /** The first channel the customer can receive on, and the customer's own time zone. */
  messageTarget(input: { customerId: string; channels: Channel[] }): Promise<{ channel: Channel | null; timezone: string | null; reason: string | null }>;
  /** The customer's own time zone (null: none known, or the customer is gone). Asked by `waitUntil`. */
  /** The customer's zone, and birth date (YYYY-MM-DD; absent in results recorded before 0.5.0's date waits). */
  customerTimezone(input: { customerId: string }): Promise<{ timezone: string | null; birthDate?: string | null }>;
  /**
   * The hour of day the customer usually orders at, on their clock in `timezone` (shared/time/usualHour.ts), from
   * their latest orders placed by `now`; null with too few. Asked by a message sent at the customer's hour.
   */
  usualOrderHour(input: { customerId: string; now: string; timezone: string }): Promise<{ hour: number | null; orders: number }>;
  countForLimit(input: {
    run: RunRef;
    count: 'entries' | 'messages';
    scope: 'scenario' | 'all';
    periodDays: number;
    now: string;
  }): Promise<number>;
  /** Orders in [since, until] of at least `minAmount`; `first` is the earliest (absent in results recorded before 0.5.0). */
  ordersBetween(input: { customerId: string; since: string; until: string; minAmount: number | null }): Promise<{ count: number; total: number; first?: OrderPlaced | null }>;
  bonusState(input: { grantId: number; now: string }): Promise<{ remaining: number; used: boolean; expired: boolean }>;

  /** Renders and sends (or sandboxes) one message; journals the step in the same transaction. */
  sendMessage(input: MessageRequest): Promise<MessageOutcome>;
  grantBonus(input: { run: RunRef; nodeId: string; points: number; at: string; expiresAt: string }): Promise<GrantedBonus>;
  createTask(input: {
    run: RunRef;
    nodeId: string;
    role: string;
    text: string;
    bonus: GrantedBonus | null;
    timezone: string;
    now: string;
  }): Promise<{ taskId: number; text: string }>;
  /**
   * `webhook`: POSTs the signed body to the named endpoint, once per run + node (server/webhooks/call.ts). Throws a
   * retryable failure for network errors, timeouts, 5xx and 429, and a non-retryable one (WEBHOOK_REFUSED) for an
   * answer that a retry would not change (other 4xx, a redirect, an unknown or disabled endpoint). Its message is
   * the reason in words, for the journal. A simulation calls nothing and answers `simulated`.
   */
  callWebhook(input: WebhookRequest): Promise<WebhookOutcome>;
  /**
   * Applies an `updateCustomer` node's actions to the customer's tags and attributes, once per run + node: a retry
   * answers with what the first attempt changed. `found: false` when the customer no longer exists.
   */
  updateCustomer(input: { run: RunRef; nodeId: string; actions: ProfileAction[]; at: string }): Promise<CustomerUpdate>;
}

/** What an `updateCustomer` step did, in words for the journal (shared/conditions/profile.ts applyProfileActions). */
export interface CustomerUpdate {
  found: boolean;
  changed: string[];
  unchanged: string[];
  refused: string[];
}

export interface WebhookRequest {
  run: RunRef;
  nodeId: string;
  /** The endpoint's name, as the node picked it. */
  endpoint: string;
  /** Extra `data` fields: key → Liquid template rendered for the customer. */
  fields: Array<{ key: string; value: string }>;
  bonus: GrantedBonus | null;
  timezone: string;
  now: string;
}

export interface WebhookOutcome {
  /** The endpoint's answer (2xx); null in a simulation. */
  status: number | null;
  /** HTTP requests made for this call so far, this one included. */
  attempts: number;
  simulated: boolean;
}

/** The type of the non-retryable ApplicationFailure of a webhook call the endpoint refused for good. */
export const WEBHOOK_REFUSED = 'WebhookRefused';
/** Attempts of `callWebhook` (Temporal retries with backoff in between) before the step takes `failure`. */
export const WEBHOOK_MAX_ATTEMPTS = 8;
/** The longest one HTTP request of a webhook may take (WEBHOOK_TIMEOUT_MS is capped to it). */
export const WEBHOOK_MAX_TIMEOUT_MS = 30_000;

/** Activities the audience workflow needs. */
export interface AudienceActivities {
  /** The plan new entrants get now, or null when the scenario is not active. */
  currentPlan(input: { scenarioId: string }): Promise<import('../shared/scenario/plan').Plan | null>;
  /** Selects one keyset page of the audience after `afterId` and starts a run for each customer in it. */
  enrolPage(input: {
    plan: import('../shared/scenario/plan').Plan;
    afterId: string | null;
    pageSize: number;
    now: string;
    clockOffsetMs: number;
  }): Promise<{
    lastId: string | null;
    selected: number;
    started: number;
    alreadyRunning: number;
    /** Selected but held back: the global control group or the exclusivity group (recorded in entry_skips). Absent before 0.4.0. */
    skipped?: number;
  }>;
}

/** Attempts of `sendMessage` before the message is given up as failed (the outbox marks it on the last one). */
export const SEND_MAX_ATTEMPTS = 30;
/**
 * Start-to-close timeout of one `sendMessage` attempt: longer than any provider conversation (a slow SMTP server
 * answering each command near CHANNEL_TIMEOUT_MS), so Temporal never gives up on an attempt that is still sending.
 * A dead worker is noticed by the heartbeat instead.
 */
export const SEND_TIMEOUT_MS = 10 * 60_000;
/** `sendMessage` heartbeats from its start to its end; silence this long means its worker is gone. */
export const SEND_HEARTBEAT_TIMEOUT_MS = 30_000;
/**
 * How long a message's claim lasts without renewal (server/channels/outbox.ts); renewed with each heartbeat, every
 * quarter of this. Longer than the heartbeat timeout: a retry Temporal starts for a silent attempt finds the claim
 * still held until the dead attempt's lease has surely run out, and backs off meanwhile.
 */
export const SEND_LEASE_MS = 60_000;
