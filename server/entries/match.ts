import type { NodeConfig } from '../../shared/scenario/schema';
import { triggerType, type Plan } from '../../shared/scenario/plan';
import type { Reentry } from '../../shared/scenario/nodes/reentry';
import type { TriggerEvent } from '../../workflows/activities';
import { dateTimeIn, rubles } from '../../workflows/words';

/** An order as an order trigger sees it. */
export interface OrderFacts {
  id: string;
  customerId: string;
  amount: number;
  placedAt: Date;
  /** No earlier order of this customer (by placedAt, then id). */
  first: boolean;
  /** The categories of its lines, as sent. */
  categories: string[];
}

/** A custom event as an event trigger sees it. */
export interface EventFacts {
  id: string;
  customerId: string;
  type: string;
  at: Date;
  data: Record<string, unknown>;
}

export type EntryFacts = { kind: 'order'; order: OrderFacts } | { kind: 'event'; event: EventFacts };

const sameCategory = (a: string, b: string) => a.trim().toLocaleLowerCase('ru') === b.trim().toLocaleLowerCase('ru');

/** Whether an order or a custom event meets the plan's trigger (false for any trigger that is not an event's). */
export function meetsTrigger(plan: Plan, facts: EntryFacts): boolean {
  const node = plan.nodes[plan.trigger.nodeId];
  const type = triggerType(plan);
  if (facts.kind === 'order' && type === 'orderTrigger') {
    const c = node.config as NodeConfig<'orderTrigger'>;
    const o = facts.order;
    return (!c.firstOrder || o.first) && o.amount >= (c.minAmount ?? 0) && (!c.category || o.categories.some((k) => sameCategory(k, c.category!)));
  }
  if (facts.kind === 'event' && type === 'eventTrigger') {
    return (node.config as NodeConfig<'eventTrigger'>).eventType === facts.event.type;
  }
  return false;
}

/** The plan's re-entry rule (event triggers only). */
export function reentryOf(plan: Plan): Reentry | undefined {
  const type = triggerType(plan);
  if (type !== 'orderTrigger' && type !== 'eventTrigger') return undefined;
  return (plan.nodes[plan.trigger.nodeId].config as NodeConfig<'orderTrigger' | 'eventTrigger'>).reentry;
}

/** The event a run enters on, with its journal line in the scenario's zone. */
export function triggerEvent(facts: EntryFacts, timeZone: string): TriggerEvent {
  if (facts.kind === 'order') {
    const o = facts.order;
    return {
      kind: 'order',
      id: o.id,
      at: o.placedAt.toISOString(),
      data: { orderId: o.id, amount: o.amount, first: o.first, categories: o.categories },
      title: `${o.first ? 'первый заказ' : 'заказ'} ${o.id} на ${rubles(o.amount)} ${dateTimeIn(o.placedAt, timeZone)}`,
    };
  }
  const e = facts.event;
  return { kind: 'event', id: e.id, type: e.type, at: e.at.toISOString(), data: e.data, title: `событие «${e.type}» ${dateTimeIn(e.at, timeZone)}` };
}

/** The entry key of an event: one entry per scenario, customer and key. */
export const entryKey = (facts: EntryFacts): string => (facts.kind === 'order' ? `order:${facts.order.id}` : `event:${facts.event.id}`);
