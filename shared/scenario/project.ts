import { assignVariant, HOLDOUT_PORT } from '../ab/assign';
import type { CustomerFacts } from '../conditions/fields';
import { evaluateCondition } from '../conditions/evaluate';
import { applyProfileActions } from '../conditions/profile';
import { quietHoursDelayMs } from '../time/quietHours';
import { atHourMoment, nextTimeOfDay } from '../time/timeOfDay';
import { hourText } from '../time/usualHour';
import type { Channel } from './channels';
import { scenarioHour, type Plan, type PlanNode } from './plan';

const HOUR = 3_600_000;

/** Where one live run stands, as a projection starts from it. */
export interface ProjectedStart {
  plan: Plan;
  /** The node the run is at (or continues at, after a move). */
  nodeId: string;
  customerId: string;
  /** When the run's current wait began: a wait at `nodeId` counts from it (null: from `now`). */
  waitStartedAt: Date | null;
  /** The bonus granted in this run, if any: reminders about it go out until it expires. */
  bonus: { points: number; expiresAt: Date } | null;
  /** The customer's facts now (filters, and `subscribed` for the channel a message would use); null: unknown. */
  facts: CustomerFacts | null;
  /** The customer's own time zone (quiet hours), else the scenario's. */
  timeZone: string | null;
  /** The hour the customer usually orders at (shared/time/usualHour.ts; null: too few orders), for messages sent at it. */
  usualHour?: number | null;
  /** When the run entered (the scenario's hour of an event trigger is the hour of entry); absent: `now`. */
  enteredAt?: Date;
}

/** Something the customer would see (or a colleague would be asked to do). */
export interface ProjectedEffect {
  at: Date;
  nodeId: string;
  kind: 'message' | 'bonus' | 'task';
  channel?: Channel;
  points?: number;
}

export interface Projection {
  effects: ProjectedEffect[];
  /** The nodes passed, in order (the start node first). */
  path: string[];
  /** The run's chain ends inside the horizon (otherwise it is still waiting at its end). */
  ends: boolean;
}

/**
 * What a run would do from where it stands until `until`, if the customer does not buy meanwhile: the dry run of a
 * move plan compares this on the old version (stay) and on the new one (move). It follows the runtime's rules
 * (ARCHITECTURE.md §4) on what is known now: waits and quiet hours shift time, a message goes out on the first
 * channel the customer can receive (at the customer's usual hour when the node asks), `checkOrders` answers "no", frequency limits pass, filters see today's facts,
 * A/B splits give the customer's variant. Nothing here reads or writes anything.
 */
export function projectRun(start: ProjectedStart, now: Date, until: Date): Projection {
  const { plan } = start;
  const effects: ProjectedEffect[] = [];
  const path: string[] = [];
  let bonus = start.bonus;
  let facts = start.facts;
  let t = now;
  let nodeId: string | null = start.nodeId;
  let first = true;
  const zone = start.timeZone ?? plan.settings.timezone;
  while (nodeId) {
    const node: PlanNode | undefined = plan.nodes[nodeId];
    if (!node) break;
    path.push(node.id);
    let port: string | null = 'out';
    switch (node.type) {
      case 'wait': {
        const since = first && start.waitStartedAt ? start.waitStartedAt : t;
        const wake = new Date(since.getTime() + (node.config.days * 24 + (node.config.hours ?? 0)) * HOUR);
        if (wake > until) return { effects, path, ends: false };
        if (wake > t) t = wake;
        break;
      }
      case 'waitUntil': {
        // A date wait's date (a birthday, the entry event) is not in the projection's facts: it holds the run past the
        // horizon, so the dry run shows no effect after it rather than a wrong one.
        if (node.config.mode === 'date') return { effects, path, ends: false };
        const wake = nextTimeOfDay(t, node.config.time, node.config.weekdays, zone);
        if (wake > until) return { effects, path, ends: false };
        t = wake;
        break;
      }
      case 'send':
      case 'reminder': {
        const channel = [node.config.channel, ...(node.config.fallbackChannels ?? [])].find((c) => facts?.subscribed[c]);
        if (channel && node.config.atCustomerHour) {
          const hour = start.usualHour != null ? hourText(start.usualHour) : scenarioHour(plan, start.enteredAt ?? now, zone);
          t = atHourMoment(t, hour, zone, plan.settings.quietHours)?.at ?? t;
        }
        if (channel) t = new Date(t.getTime() + quietHoursDelayMs(t, plan.settings.quietHours, zone));
        if (t > until) return { effects, path, ends: false };
        const owed = node.type === 'send' || (bonus !== null && bonus.expiresAt > t);
        if (channel && owed) effects.push({ at: t, nodeId: node.id, kind: 'message', channel });
        break;
      }
      case 'grantBonus': {
        const { points, expiresInDays, expiresInHours } = node.config;
        bonus = { points, expiresAt: new Date(t.getTime() + (expiresInHours ?? (expiresInDays ?? 0) * 24) * HOUR) };
        effects.push({ at: t, nodeId: node.id, kind: 'bonus', points });
        break;
      }
      case 'task':
        effects.push({ at: t, nodeId: node.id, kind: 'task' });
        break;
      case 'checkOrders':
        port = 'no';
        break;
      case 'filter':
        port = facts && evaluateCondition(node.config.condition, facts) ? 'yes' : 'no';
        break;
      case 'updateCustomer':
        // Later filters of the run see the tags and attributes this node puts on.
        if (facts) {
          const { profile } = applyProfileActions({ tags: facts.tags ?? [], attributes: facts.attributes ?? {} }, node.config.actions);
          facts = { ...facts, ...profile };
        }
        break;
      case 'frequencyLimit':
        port = 'pass';
        break;
      case 'abSplit':
        // The runtime assigns again at every split: the same customer gets the same variant.
        port = assignVariant({ scenarioId: plan.scenarioId, nodeId: node.id, customerId: start.customerId }, node.config);
        if (node.config.winner && port !== HOLDOUT_PORT) port = node.config.winner;
        break;
      case 'exit':
        port = null;
        break;
    }
    first = false;
    nodeId = port === null ? null : (node.next[port] ?? null);
  }
  return { effects, path, ends: true };
}
