import { abSplit } from './abSplit';
import { checkOrders } from './checkOrders';
import { dailyTrigger } from './dailyTrigger';
import { exit } from './exit';
import { filter } from './filter';
import { frequencyLimit } from './frequencyLimit';
import { grantBonus } from './grantBonus';
import { reminder } from './reminder';
import { send } from './send';
import { task } from './task';
import { updateCustomer } from './updateCustomer';
import { wait } from './wait';

/** The node catalog, in palette order. Adding a node type starts here. */
export const NODE_SPECS = {
  dailyTrigger,
  filter,
  frequencyLimit,
  send,
  wait,
  checkOrders,
  grantBonus,
  reminder,
  abSplit,
  task,
  exit,
  updateCustomer,
} as const;

export type NodeType = keyof typeof NODE_SPECS;
export const NODE_TYPES = Object.keys(NODE_SPECS) as NodeType[];
