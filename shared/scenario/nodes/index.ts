import type { TriggerType } from '../triggers';
import { abSplit } from './abSplit';
import { birthdayTrigger } from './birthdayTrigger';
import { bonusExpiryTrigger } from './bonusExpiryTrigger';
import { checkOrders } from './checkOrders';
import { dailyTrigger } from './dailyTrigger';
import { eventTrigger } from './eventTrigger';
import { exit } from './exit';
import { filter } from './filter';
import { frequencyLimit } from './frequencyLimit';
import { grantBonus } from './grantBonus';
import { orderTrigger } from './orderTrigger';
import { reminder } from './reminder';
import { segmentTrigger } from './segmentTrigger';
import { send } from './send';
import { task } from './task';
import { updateCustomer } from './updateCustomer';
import { wait } from './wait';
import { waitForPurchase } from './waitForPurchase';
import { waitUntil } from './waitUntil';
import { webhook } from './webhook';

/** The node catalog, in palette order. Adding a node type starts here. */
export const NODE_SPECS = {
  dailyTrigger,
  orderTrigger,
  eventTrigger,
  bonusExpiryTrigger,
  birthdayTrigger,
  segmentTrigger,
  filter,
  frequencyLimit,
  send,
  wait,
  waitForPurchase,
  checkOrders,
  grantBonus,
  reminder,
  abSplit,
  task,
  exit,
  waitUntil,
  webhook,
  updateCustomer,
} as const;

export type NodeType = keyof typeof NODE_SPECS;
export const NODE_TYPES = Object.keys(NODE_SPECS) as NodeType[];

export { EVENT_TRIGGER_TYPES, TRIGGER_TYPES, isEventTrigger, isTrigger, type EventTriggerType, type TriggerType } from '../triggers';

// Every trigger type is a node type of the catalog (a compile-time check).
type TriggersAreNodes = TriggerType extends NodeType ? true : never;
export const TRIGGERS_ARE_NODES: TriggersAreNodes = true;
