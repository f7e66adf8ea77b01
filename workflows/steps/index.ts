import type { NodeType } from '../../shared/scenario/schema';
import type { Step } from '../context';
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

/** One runtime step per node type: a node type added to the catalog without a step here fails to compile. */
export const STEPS: { [T in NodeType]: Step<T> } = {
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
};
