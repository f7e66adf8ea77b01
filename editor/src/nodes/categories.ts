import type { NodeType } from '../../../shared/scenario/schema';
import type { MessageKey } from '../i18n';

export type NodeCategory = 'trigger' | 'logic' | 'message' | 'timing' | 'reward' | 'staff' | 'end';

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
};

export const CATEGORY_ORDER: NodeCategory[] = ['trigger', 'logic', 'message', 'timing', 'reward', 'staff', 'end'];

export const CATEGORY_LABEL: Record<NodeCategory, MessageKey> = {
  trigger: 'category.trigger',
  logic: 'category.logic',
  message: 'category.message',
  timing: 'category.timing',
  reward: 'category.reward',
  staff: 'category.staff',
  end: 'category.end',
};
