import type { PluralForms } from '../i18n/plural';
import type { Text } from '../i18n/text';
import type { ConditionOp } from './condition';
import { CHANNELS, type Channel } from '../scenario/channels';

/**
 * The fields a condition can test, with what the editor needs to offer them and what validation needs to check them.
 * Names are part of the `scenario/v1` contract (ARCHITECTURE.md §3); add fields, never rename them.
 */

export type FieldKind = 'number' | 'string' | 'enum' | 'boolean';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  label: Text;
  /** Unit shown after the value, e.g. «дней», «₽». */
  unit?: Text;
  /** The unit's forms by count, when it has them: «1 день», «2 дня», «180 дней». */
  unitForms?: PluralForms;
  ops: readonly ConditionOp[];
  /** Allowed values of an `enum` field, with labels. */
  values?: ReadonlyArray<{ value: string; label: Text }>;
  /** When the fact can be unknown (null), and why; a rule on an unknown fact is false. */
  nullWhen?: Text;
}

/** Everything the conditions can see about one customer at one moment; loaded by server/customers/facts.ts. */
export interface CustomerFacts {
  daysSinceLastOrder: number | null;
  orderCount: number;
  totalSpent: number;
  avgCheck: number | null;
  daysSinceRegistration: number;
  avgDaysBetweenOrders: number | null;
  overdueRatio: number | null;
  cardType: 'regular' | 'vip';
  city: string | null;
  bonusBalance: number;
  favoriteCategory: string | null;
  subscribed: Record<Channel, boolean>;
}

const NUMBER_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'notIn'] as const;
// Strings compare for equality only: ordering would depend on collation, and SQL and JS must agree exactly.
const STRING_OPS = ['eq', 'ne', 'in', 'notIn'] as const;
const BOOLEAN_OPS = ['eq', 'ne'] as const;

const DAYS = { ru: 'дней', en: 'days' };
const DAY_FORMS: PluralForms = { ru: ['день', 'дня', 'дней'], en: ['day', 'days'] };
const RUB = { ru: '₽', en: '₽' };
const POINTS = { ru: 'баллов', en: 'points' };
const POINT_FORMS: PluralForms = { ru: ['балл', 'балла', 'баллов'], en: ['point', 'points'] };
const NO_ORDERS = { ru: 'нет заказов', en: 'no orders yet' };
const UNDER_TWO_ORDERS = { ru: 'меньше двух заказов', en: 'fewer than two orders' };

const CHANNEL_CONTACT: Record<Channel, Text> = {
  sms: { ru: 'SMS (есть телефон)', en: 'SMS (phone present)' },
  email: { ru: 'email (есть адрес)', en: 'email (address present)' },
  telegram: { ru: 'Telegram (есть чат)', en: 'Telegram (chat present)' },
  push: { ru: 'push (есть токен)', en: 'push (token present)' },
};

export const CONDITION_FIELDS: readonly FieldSpec[] = [
  { name: 'daysSinceLastOrder', kind: 'number', label: { ru: 'Дней с последнего заказа', en: 'Days since last order' }, unit: DAYS, unitForms: DAY_FORMS, ops: NUMBER_OPS, nullWhen: NO_ORDERS },
  { name: 'orderCount', kind: 'number', label: { ru: 'Число заказов', en: 'Number of orders' }, ops: NUMBER_OPS },
  { name: 'totalSpent', kind: 'number', label: { ru: 'Сумма покупок', en: 'Total spent' }, unit: RUB, ops: NUMBER_OPS },
  { name: 'avgCheck', kind: 'number', label: { ru: 'Средний чек', en: 'Average check' }, unit: RUB, ops: NUMBER_OPS, nullWhen: NO_ORDERS },
  { name: 'daysSinceRegistration', kind: 'number', label: { ru: 'Дней с регистрации', en: 'Days since registration' }, unit: DAYS, unitForms: DAY_FORMS, ops: NUMBER_OPS },
  { name: 'avgDaysBetweenOrders', kind: 'number', label: { ru: 'Средний интервал между заказами', en: 'Average days between orders' }, unit: DAYS, unitForms: DAY_FORMS, ops: NUMBER_OPS, nullWhen: UNDER_TWO_ORDERS },
  {
    name: 'overdueRatio',
    kind: 'number',
    label: { ru: 'Просрочка (дней без заказа ÷ обычный интервал)', en: 'Overdue ratio (days since last order ÷ usual interval)' },
    ops: NUMBER_OPS,
    nullWhen: UNDER_TWO_ORDERS,
  },
  {
    name: 'cardType',
    kind: 'enum',
    label: { ru: 'Тип карты', en: 'Card type' },
    ops: STRING_OPS,
    values: [
      { value: 'regular', label: { ru: 'обычная', en: 'regular' } },
      { value: 'vip', label: { ru: 'VIP', en: 'VIP' } },
    ],
  },
  { name: 'city', kind: 'string', label: { ru: 'Город', en: 'City' }, ops: STRING_OPS, nullWhen: { ru: 'город не указан', en: 'city unknown' } },
  { name: 'bonusBalance', kind: 'number', label: { ru: 'Баланс баллов', en: 'Bonus balance' }, unit: POINTS, unitForms: POINT_FORMS, ops: NUMBER_OPS },
  { name: 'favoriteCategory', kind: 'string', label: { ru: 'Любимая категория', en: 'Favourite category' }, ops: STRING_OPS, nullWhen: NO_ORDERS },
  ...CHANNELS.map(
    (channel): FieldSpec => ({
      name: `subscribed.${channel}`,
      kind: 'boolean',
      label: { ru: `Подписан на ${CHANNEL_CONTACT[channel].ru}`, en: `Subscribed to ${CHANNEL_CONTACT[channel].en}` },
      ops: BOOLEAN_OPS,
    }),
  ),
];

const BY_NAME = new Map(CONDITION_FIELDS.map((f) => [f.name, f]));

export function conditionField(name: string): FieldSpec | undefined {
  return BY_NAME.get(name);
}

/** The value of a field in a customer's facts (null: unknown). */
export function factValue(facts: CustomerFacts, field: string): number | string | boolean | null {
  if (field.startsWith('subscribed.')) {
    const channel = field.slice('subscribed.'.length) as Channel;
    return Object.hasOwn(facts.subscribed, channel) ? facts.subscribed[channel] : null;
  }
  if (!BY_NAME.has(field)) return null;
  const value = facts[field as Exclude<keyof CustomerFacts, 'subscribed'>];
  return value === undefined ? null : value;
}
