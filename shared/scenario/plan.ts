import type { Condition } from '../conditions/schema';
import { formatTime } from '../i18n/format';
import type { NodeConfig, NodeType, ScenarioSettings, TriggerType } from './schema';

/**
 * A compiled scenario: what the workflows execute. Produced by `compile()` from a valid document;
 * stored with each published version so a run executes exactly the version it entered with.
 */
export interface Plan {
  scenarioId: string;
  version: number;
  settings: ScenarioSettings;
  /**
   * The node the scenario starts from. `type` is absent in plans compiled before there were other triggers (a daily
   * trigger). `at`: when a scheduled trigger selects its audience each day, in `settings.timezone`; `hourly`: it does
   * so every hour instead; neither: an event trigger, which has no schedule (see triggerSchedule).
   */
  trigger: { nodeId: string; type?: TriggerType; at?: string; hourly?: true };
  /**
   * The part of the graph evaluated in SQL when the audience is selected: the filter right after the trigger
   * (when its `no` port is unconnected) and a frequency limit right after that filter (ARCHITECTURE.md §4).
   */
  audience: {
    condition: Condition | null;
    filterNodeId: string | null;
    frequencyLimit: ({ nodeId: string } & NodeConfig<'frequencyLimit'>) | null;
    /** Nodes already passed when a customer enters, in order, with the port each one took. */
    passed: Array<{ nodeId: string; type: NodeType; port: string }>;
  };
  /** The node a new run starts at (null: the scenario does nothing after the audience). */
  entry: string | null;
  nodes: Record<string, PlanNode>;
}

export type PlanNode = {
  [T in NodeType]: {
    id: string;
    type: T;
    /** Display name: the node's label or its generated summary (Russian). */
    name: string;
    config: NodeConfig<T>;
    /** Port → next node id; a missing or null port ends the run as `completed`. */
    next: Record<string, string | null>;
  };
}[NodeType];

/** When a plan's trigger evaluates its audience: daily at a local time, every hour, or never (runs start on events). */
export type TriggerSchedule = { every: 'day'; at: string } | { every: 'hour' } | null;

export function triggerSchedule(plan: Pick<Plan, 'trigger'>): TriggerSchedule {
  if (plan.trigger.hourly) return { every: 'hour' };
  return plan.trigger.at ? { every: 'day', at: plan.trigger.at } : null;
}

/** The plan's trigger type (plans compiled before 0.5.0 had only the daily trigger and do not name it). */
export function triggerType(plan: Pick<Plan, 'trigger'>): TriggerType {
  return plan.trigger.type ?? 'dailyTrigger';
}

/**
 * The scenario's own hour on a customer's clock, for messages sent "at the customer's hour" to someone with too few
 * orders: the daily (or scheduled) trigger's time; for an event trigger, the time of day the customer entered.
 */
export function scenarioHour(plan: Pick<Plan, 'trigger'>, enteredAt: Date, timeZone: string): string {
  return plan.trigger.at ?? formatTime(enteredAt, timeZone);
}
