import { proxyActivities, sleep } from '@temporalio/workflow';
import { triggerSchedule, type Plan, type TriggerSchedule } from '../shared/scenario/plan';
import type { AudienceActivities } from './activities';
import { nextDailyRun } from '../shared/time/quietHours';

export interface SimulatedOrder {
  id: string;
  customerId: string;
  amount: number;
  placedAt: string;
  bonusSpent?: number;
  items?: Array<{ sku: string; name: string; category?: string | null; qty: number; price: number }>;
}

/** A custom event that happens during the simulation, as POST /api/events would report it. */
export interface SimulatedEvent {
  id: string;
  customerId: string;
  type: string;
  at: string;
  data?: Record<string, unknown>;
}

export interface SimulationInput {
  /** The scenarios simulated together against the same customers, each with its own daily trigger. */
  plans?: Plan[];
  /** One scenario (inputs written before several could be simulated at once). */
  plan?: Plan;
  /** ISO: the simulated calendar starts here. */
  start: string;
  days: number;
  /** Orders that happen during the simulation, delivered at their `placedAt` like real ingest. */
  events: SimulatedOrder[];
  /** Custom events that happen during the simulation, delivered at their `at`. */
  customEvents?: SimulatedEvent[];
  pageSize?: number;
}

export interface SimulationActivities {
  /**
   * Stores an order that happens during the simulation and signals the customer's live runs, as ingest does; with
   * `at`, it also starts the scenarios its order triggers there and then (as the entry outbox does).
   */
  placeSimulatedOrder(input: { order: SimulatedOrder; at?: string; clockOffsetMs?: number }): Promise<void>;
  /** Stores a custom event that happens during the simulation and starts the scenarios it triggers. */
  reportSimulatedEvent(input: { event: SimulatedEvent; at: string; clockOffsetMs: number }): Promise<void>;
  /** Stops every run of the scenario still waiting when the simulated period is over; returns how many. */
  endSimulation(input: { scenarioId: string }): Promise<number>;
}

const { enrolPage } = proxyActivities<AudienceActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});
const { placeSimulatedOrder, reportSimulatedEvent, endSimulation } = proxyActivities<SimulationActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 3 } });

/**
 * Drives a dry run on the time-skipping test server, which has no Schedules: fires each scheduled trigger at its time
 * (each simulated day at `at`, or every hour) and delivers orders and custom events at their times, which start the
 * scenarios with event triggers. Time is shifted so that the run starts at `start`.
 */
export async function simulation(input: SimulationInput): Promise<{ triggers: number; orders: number; stillRunning: number }> {
  const start = new Date(input.start);
  const offset = start.getTime() - Date.now();
  const now = () => new Date(Date.now() + offset);
  const until = new Date(start.getTime() + input.days * 86_400_000);
  const plans = input.plans ?? (input.plan ? [input.plan] : []);
  type Tick = { at: Date; plan?: Plan; order?: SimulatedOrder; event?: SimulatedEvent };
  const startsOnEvents = plans.some((plan) => triggerSchedule(plan) === null);
  const ticks: Tick[] = [
    ...plans.flatMap((plan) => triggerTimes(start, until, triggerSchedule(plan), plan.settings.timezone).map((at) => ({ at, plan }))),
    ...input.events.map((order) => ({ at: new Date(order.placedAt), order })).filter((t) => t.at >= start && t.at < until),
    ...(input.customEvents ?? []).map((event) => ({ at: new Date(event.at), event })).filter((t) => t.at >= start && t.at < until),
  ];
  // Orders and events before the trigger of the same minute: a purchase at 10:00 keeps the customer out of the 10:00
  // audience. Triggers of one minute fire in the order of `plans` (the sort is stable).
  ticks.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.plan ? 0 : -1) - (b.plan ? 0 : -1));
  let triggers = 0;
  let orders = 0;
  for (const tick of ticks) {
    const ms = tick.at.getTime() - now().getTime();
    if (ms > 0) await sleep(ms);
    if (tick.order) {
      // Older inputs (no event triggers) keep the call they recorded.
      await placeSimulatedOrder(startsOnEvents ? { order: tick.order, at: tick.at.toISOString(), clockOffsetMs: offset } : { order: tick.order });
      orders++;
      continue;
    }
    if (tick.event) {
      await reportSimulatedEvent({ event: tick.event, at: tick.at.toISOString(), clockOffsetMs: offset });
      continue;
    }
    triggers++;
    const pageSize = input.pageSize ?? 1000;
    let afterId: string | null = null;
    for (;;) {
      const page: { lastId: string | null; selected: number } = await enrolPage({
        plan: tick.plan!,
        afterId,
        pageSize,
        // The trigger's own instant (not "now", which may be a few milliseconds later): entries read as 10:00, not 10:00:00.004.
        now: tick.at.toISOString(),
        clockOffsetMs: offset,
      });
      if (page.lastId === null || page.selected < pageSize) break;
      afterId = page.lastId;
    }
  }
  const rest = until.getTime() - now().getTime();
  if (rest > 0) await sleep(rest);
  // From inside the simulation, while the activity holds the test server's clock: once this workflow completes,
  // time would skip on and waiting runs would carry on past the end of the period before anyone could stop them.
  let stillRunning = 0;
  for (const plan of plans) stillRunning += await endSimulation({ scenarioId: plan.scenarioId });
  return { triggers, orders, stillRunning };
}

/** Every instant a scheduled trigger fires within [from, until): daily at `at` (wall clock in `timeZone`), or each full hour. */
function triggerTimes(from: Date, until: Date, when: TriggerSchedule, timeZone: string): Date[] {
  const out: Date[] = [];
  if (when === null) return out;
  if (when.every === 'hour') {
    for (let t = Math.ceil(from.getTime() / HOUR) * HOUR; t < until.getTime(); t += HOUR) out.push(new Date(t));
    return out;
  }
  for (let t = nextDailyRun(new Date(from.getTime() - 1), when.at, timeZone); t < until; t = nextDailyRun(t, when.at, timeZone)) out.push(t);
  return out;
}

const HOUR = 3_600_000;
