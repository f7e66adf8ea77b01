import type { ComponentType } from 'react';
import type { NodeType } from '../../../../shared/scenario/schema';
import type { NodeFormProps } from './types';
import { AbSplitForm } from './abSplit';
import { CheckOrdersForm } from './checkOrders';
import { DailyTriggerForm } from './dailyTrigger';
import { ExitForm } from './exit';
import { FilterForm } from './filter';
import { FrequencyLimitForm } from './frequencyLimit';
import { GrantBonusForm } from './grantBonus';
import { ReminderForm } from './reminder';
import { SendForm } from './send';
import { TaskForm } from './task';
import { UpdateCustomerForm } from './updateCustomer';
import { WaitForm } from './wait';
import { WaitUntilForm } from './waitUntil';
import { WebhookForm } from './webhook';
import { OrderTriggerForm } from './orderTrigger';
import { EventTriggerForm } from './eventTrigger';
import { BonusExpiryTriggerForm } from './bonusExpiryTrigger';
import { BirthdayTriggerForm } from './birthdayTrigger';
import { SegmentTriggerForm } from './segmentTrigger';
import { WaitForPurchaseForm } from './waitForPurchase';

/** One editor form per node type; a new node type without a form does not compile. */
export const NODE_FORMS: { [T in NodeType]: ComponentType<NodeFormProps<T>> } = {
  dailyTrigger: DailyTriggerForm,
  filter: FilterForm,
  frequencyLimit: FrequencyLimitForm,
  send: SendForm,
  wait: WaitForm,
  checkOrders: CheckOrdersForm,
  grantBonus: GrantBonusForm,
  reminder: ReminderForm,
  abSplit: AbSplitForm,
  task: TaskForm,
  exit: ExitForm,
  waitUntil: WaitUntilForm,
  webhook: WebhookForm,
  updateCustomer: UpdateCustomerForm,
  orderTrigger: OrderTriggerForm,
  eventTrigger: EventTriggerForm,
  bonusExpiryTrigger: BonusExpiryTriggerForm,
  birthdayTrigger: BirthdayTriggerForm,
  segmentTrigger: SegmentTriggerForm,
  waitForPurchase: WaitForPurchaseForm,
};

export type { NodeFormProps };
