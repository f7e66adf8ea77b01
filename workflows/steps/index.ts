import type { NodeType } from '../../shared/scenario/schema';
import type { Step } from '../context';
import { abSplit } from './abSplit';
import { checkOrders } from './checkOrders';
import { exit } from './exit';
import { filter } from './filter';
import { frequencyLimit } from './frequencyLimit';
import { grantBonus } from './grantBonus';
import { reminder } from './reminder';
import { send } from './send';
import { task } from './task';
import { trigger } from './trigger';
import { updateCustomer } from './updateCustomer';
import { wait } from './wait';
import { waitForPurchase } from './waitForPurchase';
import { waitUntil } from './waitUntil';
import { webhook } from './webhook';

/** One runtime step per node type: a node type added to the catalog without a step here fails to compile. */
export const STEPS: { [T in NodeType]: Step<T> } = {
  dailyTrigger: trigger,
  orderTrigger: trigger,
  eventTrigger: trigger,
  bonusExpiryTrigger: trigger,
  birthdayTrigger: trigger,
  segmentTrigger: trigger,
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
};
