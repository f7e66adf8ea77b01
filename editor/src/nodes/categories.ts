import type { NodeType } from '../../../shared/scenario/schema';
import type { MessageKey } from '../i18n';

export type NodeCategory = 'trigger' | 'logic' | 'message' | 'timing' | 'reward' | 'staff' | 'end' | 'customer';

/** One colour per category keeps a 30-node scenario readable at a glance (CSS: --cat-<category>). */
export const NODE_CATEGORY: Record<NodeType, NodeCategory> = {
  dailyTrigger: 'trigger',
  filter: 'logic',
  frequencyLimit: 'logic',
  checkOrders: 'logic',
  abSplit: 'logic',
  send: 'message',
  reminder: 'message',
  wait: 'timing',
  grantBonus: 'reward',
  task: 'staff',
  exit: 'end',
  waitUntil: 'timing',
  webhook: 'staff',
  updateCustomer: 'customer',
  orderTrigger: 'trigger',
  eventTrigger: 'trigger',
  bonusExpiryTrigger: 'trigger',
  birthdayTrigger: 'trigger',
  segmentTrigger: 'trigger',
  waitForPurchase: 'timing',
};

export const CATEGORY_ORDER: NodeCategory[] = ['trigger', 'logic', 'message', 'timing', 'reward', 'staff', 'end', 'customer'];

export const CATEGORY_LABEL: Record<NodeCategory, MessageKey> = {
  trigger: 'category.trigger',
  logic: 'category.logic',
  message: 'category.message',
  timing: 'category.timing',
  reward: 'category.reward',
  staff: 'category.staff',
  end: 'category.end',
  customer: 'category.customer',
};

/** The same colours as the CSS variables --cat-<category>, for the minimap (which paints in JS). */
export const CATEGORY_COLOUR: Record<NodeCategory, string> = {
  trigger: '#4f46e5',
  logic: '#0891b2',
  message: '#db2777',
  timing: '#d97706',
  reward: '#16a34a',
  staff: '#7c3aed',
  end: '#64748b',
  customer: '#0d9488',
};
