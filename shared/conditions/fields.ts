import type { PluralForms } from '../i18n/plural';
import type { Text } from '../i18n/text';
import type { ConditionOp } from './condition';
import { CHANNELS, type Channel } from '../scenario/channels';
import { attributeKeyProblem, type Attributes } from './profile';

/**
 * The fields a condition can test, with what the editor needs to offer them and what validation needs to check them.
 * Names are part of the `scenario/v1` contract (ARCHITECTURE.md §3); add fields, never rename them.
 */

/**
 * `tags`: the customer's set of tags, tested with `has`/`hasNot` and one tag. `attribute`: one attribute of the
 * customer (`attributes.<key>`), whose value may be a text, a number or true/false: equality compares value and type,
 * ordering only numbers.
 */
export type FieldKind = 'number' | 'string' | 'enum' | 'boolean' | 'tags' | 'attribute';

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
  /** The customer's tags (server/db/migrations/0230_customer_tags.sql); absent in facts recorded before them: none. */
  tags?: string[];
  /** The customer's attributes; absent in facts recorded before them: none. */
  attributes?: Attributes;
}

const NUMBER_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'notIn'] as const;
// Strings compare for equality only: ordering would depend on collation, and SQL and JS must agree exactly.
const STRING_OPS = ['eq', 'ne', 'in', 'notIn'] as const;
const BOOLEAN_OPS = ['eq', 'ne'] as const;
const TAG_OPS = ['has', 'hasNot'] as const;
// An attribute's type is the customer's, not the field's: `between` is left out, two rules say the same.
const ATTRIBUTE_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn'] as const;

/** Condition fields of attributes are `attributes.<key>`. */
export const ATTRIBUTE_FIELD_PREFIX = 'attributes.';

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
  { name: 'tags', kind: 'tags', label: { ru: 'Теги', en: 'Tags' }, ops: TAG_OPS },
];

const BY_NAME = new Map(CONDITION_FIELDS.map((f) => [f.name, f]));

/** The field of a fixed name, or of an attribute (`attributes.level`) whose key is allowed. */
export function conditionField(name: string): FieldSpec | undefined {
  const fixed = BY_NAME.get(name);
  if (fixed) return fixed;
  const key = attributeKeyOf(name);
  return key === null ? undefined : attributeField(key);
}

/** The key of an attribute field (`attributes.level` → `level`), or null when the name is no attribute field. */
export function attributeKeyOf(field: string): string | null {
  if (!field.startsWith(ATTRIBUTE_FIELD_PREFIX)) return null;
  const key = field.slice(ATTRIBUTE_FIELD_PREFIX.length);
  return attributeKeyProblem(key) ? null : key;
}

export function attributeField(key: string): FieldSpec {
  return {
    name: `${ATTRIBUTE_FIELD_PREFIX}${key}`,
    kind: 'attribute',
    label: { ru: `Атрибут «${key}»`, en: `Attribute "${key}"` },
    ops: ATTRIBUTE_OPS,
    nullWhen: { ru: 'у клиента нет этого атрибута', en: 'the customer has no such attribute' },
  };
}

/** The value of a field in a customer's facts (null: unknown). */
export function factValue(facts: CustomerFacts, field: string): number | string | boolean | null {
  if (field.startsWith('subscribed.')) {
    const channel = field.slice('subscribed.'.length) as Channel;
    return Object.hasOwn(facts.subscribed, channel) ? facts.subscribed[channel] : null;
  }
  const key = attributeKeyOf(field);
  if (key !== null) {
    const attributes = facts.attributes ?? {};
    return Object.hasOwn(attributes, key) ? attributes[key] : null;
  }
  // Tags are a set, not one value: the evaluator tests them itself.
  if (!BY_NAME.has(field) || field === 'tags') return null;
  const value = facts[field as Exclude<keyof CustomerFacts, 'subscribed' | 'tags' | 'attributes'>];
  return value === undefined ? null : value;
}
