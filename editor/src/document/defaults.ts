import { isTrigger, type NodeConfig, type NodeType, type ScenarioNode } from '../../../shared/scenario/schema';

/** What a node dropped from the palette starts with: valid where a sensible default exists, empty text otherwise. */
export const DEFAULT_CONFIGS: { [T in NodeType]: () => NodeConfig<T> } = {
  dailyTrigger: () => ({ at: '10:00' }),
  filter: () => ({ condition: { all: [{ field: 'daysSinceLastOrder', op: 'gte', value: 90 }] } }),
  frequencyLimit: () => ({ count: 'entries', scope: 'scenario', max: 1, periodDays: 180 }),
  send: () => ({ channel: 'sms', text: '' }),
  wait: () => ({ days: 7 }),
  checkOrders: () => ({}),
  grantBonus: () => ({ points: 100, expiresInDays: 7 }),
  reminder: () => ({ channel: 'sms', text: '' }),
  abSplit: () => ({
    variants: [
      { key: 'A', label: 'Вариант A', weight: 50 },
      { key: 'B', label: 'Вариант B', weight: 50 },
    ],
  }),
  task: () => ({ text: '', role: 'support' }),
  exit: () => ({}),
  waitUntil: () => ({ mode: 'timeOfDay', time: '11:00' }),
  webhook: () => ({ endpoint: '' }),
  updateCustomer: () => ({ actions: [{ kind: 'addTag', tag: '' }] }),
  orderTrigger: () => ({ firstOrder: true, reentry: { mode: 'once' } }),
  // The event's name must come from the shop's systems: left empty, the form and validation ask for it.
  eventTrigger: () => ({ eventType: '', reentry: { mode: 'cooldown', days: 7 } }),
  bonusExpiryTrigger: () => ({ unit: 'days', before: 3, at: '10:00' }),
  birthdayTrigger: () => ({ daysBefore: 3, at: '10:00' }),
  // Picked from the saved segments in the form; empty until then.
  segmentTrigger: () => ({ segmentId: '', at: '10:00' }),
  waitForPurchase: () => ({ days: 7 }),
};

const ID_PREFIX: Record<NodeType, string> = {
  dailyTrigger: 'start',
  filter: 'filter',
  frequencyLimit: 'limit',
  send: 'send',
  wait: 'wait',
  checkOrders: 'check',
  grantBonus: 'bonus',
  reminder: 'remind',
  abSplit: 'ab',
  task: 'task',
  exit: 'exit',
  waitUntil: 'until',
  webhook: 'webhook',
  updateCustomer: 'update',
  orderTrigger: 'start',
  eventTrigger: 'start',
  bonusExpiryTrigger: 'start',
  birthdayTrigger: 'start',
  segmentTrigger: 'start',
  waitForPurchase: 'purchase',
};

/**
 * A readable id not used in the document (ids show up in run steps and exports, so `wait-2` beats a UUID). The
 * trigger, whatever its type, is `start` when that is free.
 */
export function freshNodeId(type: NodeType, taken: ReadonlySet<string>): string {
  const prefix = ID_PREFIX[type];
  if (!taken.has(prefix) && isTrigger(type)) return prefix;
  for (let i = 1; ; i++) {
    const id = `${prefix}-${i}`;
    if (!taken.has(id)) return id;
  }
}

export function newNode(type: NodeType, taken: ReadonlySet<string>, position?: { x: number; y: number }): ScenarioNode {
  return { id: freshNodeId(type, taken), type, position, config: DEFAULT_CONFIGS[type]() } as ScenarioNode;
}
