import type { Text } from '../i18n/text';
import type { Condition } from '../conditions/schema';
import type { Bucket } from './buckets';

/**
 * The named segments of DOMAIN.md (seed 000, 004) as conditions in the scenario condition language, so a segment
 * can become a scenario's audience filter directly. Migration 0090 stores these same conditions as the built-in
 * rows of `segments` (a test keeps the two equal); marketers add their own rows beside them.
 */

export type BuiltinSegmentKey = 'oneTime' | 'sleeping' | 'leaving' | 'promising' | 'budget' | 'vip';

/** A rectangle of the RFM matrix: orders [min, max] inclusive, days [min, max) — null = open. */
export interface MatrixRegion {
  orders: { min: number; max: number | null };
  days: { min: number; max: number | null };
}

export interface BuiltinSegment {
  key: BuiltinSegmentKey;
  name: Text;
  description: Text;
  condition: Condition;
  /** Where the segment lies on the matrix; only segments defined by orders and recency alone have one. */
  region?: MatrixRegion;
}

function regionCondition(region: MatrixRegion): Condition {
  const all: Condition[] = [];
  const { orders, days } = region;
  if (orders.max === null) all.push({ field: 'orderCount', op: 'gte', value: orders.min });
  else if (orders.max === orders.min) all.push({ field: 'orderCount', op: 'eq', value: orders.min });
  else all.push({ field: 'orderCount', op: 'between', value: [orders.min, orders.max] });
  if (days.min > 0) all.push({ field: 'daysSinceLastOrder', op: 'gte', value: days.min });
  if (days.max !== null) all.push({ field: 'daysSinceLastOrder', op: 'lt', value: days.max });
  return { all };
}

const inRegion = (region: MatrixRegion) => ({ region, condition: regionCondition(region) });

export const BUILTIN_SEGMENTS: readonly BuiltinSegment[] = [
  {
    key: 'oneTime',
    name: { ru: 'Разовые', en: 'One-time' },
    description: {
      ru: 'Сделали одну покупку и пропали больше месяца назад. Оффер: спеццена на второй заказ.',
      en: 'Bought once and vanished over a month ago. Offer: a special price on the second order.',
    },
    ...inRegion({ orders: { min: 1, max: 1 }, days: { min: 30, max: null } }),
  },
  {
    key: 'sleeping',
    name: { ru: 'Спящие', en: 'Sleeping' },
    description: {
      ru: 'Покупали не раз, но не возвращаются 90 дней и дольше. Оффер: подарок + скидка 20%.',
      en: 'Bought more than once, but have not returned for 90 days or more. Offer: a gift + 20% off.',
    },
    ...inRegion({ orders: { min: 2, max: null }, days: { min: 90, max: null } }),
  },
  {
    key: 'leaving',
    name: { ru: 'Уходящие', en: 'Leaving' },
    description: {
      ru: 'Постоянные клиенты, не покупавшие от 45 до 90 дней. Оффер: «Скучаем! Вернитесь за персональным подарком».',
      en: 'Regular customers who have not bought for 45 to 90 days. Offer: "We miss you! Come back for a personal gift".',
    },
    ...inRegion({ orders: { min: 2, max: null }, days: { min: 45, max: 90 } }),
  },
  {
    key: 'promising',
    name: { ru: 'Перспективные', en: 'Promising' },
    description: {
      ru: '2–8 покупок, последняя — меньше 45 дней назад. Оффер: скидка 10%, чтобы покупка вошла в привычку.',
      en: '2–8 purchases, the last one under 45 days ago. Offer: 10% off to make it a habit.',
    },
    ...inRegion({ orders: { min: 2, max: 8 }, days: { min: 0, max: 45 } }),
  },
  {
    key: 'budget',
    name: { ru: 'Экономные', en: 'Budget buyers' },
    description: {
      ru: 'Средний чек меньше 1 000 ₽. Офферы с низким порогом входа: «2 по цене 1».',
      en: 'Average check under 1,000 ₽. Low-threshold offers: "2 for the price of 1".',
    },
    condition: { all: [{ field: 'orderCount', op: 'gte', value: 1 }, { field: 'avgCheck', op: 'lt', value: 1000 }] },
  },
  {
    key: 'vip',
    name: { ru: 'VIP', en: 'VIP' },
    description: {
      ru: 'Владельцы VIP-карты: отдельные сценарии и бюджет (seed 004).',
      en: 'VIP card holders: their own scenarios and budget (seed 004).',
    },
    condition: { field: 'cardType', op: 'eq', value: 'vip' },
  },
];

/** The regions seed 000 highlights on the matrix. */
export const MATRIX_REGIONS = ['sleeping', 'leaving', 'promising'] as const;
export type MatrixRegionKey = (typeof MATRIX_REGIONS)[number];

/** The region a matrix cell belongs to, judged by the cell's lower corner (the edges need not line up). */
export function regionOfCell(orders: Bucket, days: Bucket): MatrixRegionKey | null {
  for (const key of MATRIX_REGIONS) {
    const r = BUILTIN_SEGMENTS.find((s) => s.key === key)?.region;
    if (!r) continue;
    const ordersIn = orders.min >= r.orders.min && (r.orders.max === null || orders.min <= r.orders.max);
    const daysIn = days.min >= r.days.min && (r.days.max === null || days.min < r.days.max);
    if (ordersIn && daysIn) return key;
  }
  return null;
}
