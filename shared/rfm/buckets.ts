import type { Text } from '../i18n/text';
import type { Condition, Rule } from '../conditions/schema';

/**
 * RFM buckets as the marketers of seed 000 know them: rows by number of orders (1, 2–3, 4–8, 9–15, 16+), columns by
 * days since the last purchase (< 24, 24–47, 48–71, 72–95, > 95). Both sets are given by their lower edges and are
 * editable; a bucket runs from its edge (inclusive) to the next edge (exclusive). Days are fractional
 * (ARCHITECTURE.md §4), so "24–47" means 24 ≤ days < 48.
 */

export type Axis = 'orders' | 'days';

export const DEFAULT_ORDER_EDGES: readonly number[] = [1, 2, 4, 9, 16];
export const DEFAULT_DAY_EDGES: readonly number[] = [24, 48, 72, 96];

/** More buckets than this make the matrix unreadable on a screen. */
export const MAX_EDGES = 10;
const MAX_VALUE: Record<Axis, number> = { orders: 100_000, days: 36_500 };

export interface Bucket {
  /** 0-based position on its axis (rows: fewest orders first; columns: most recent first). */
  index: number;
  /** Inclusive lower bound. */
  min: number;
  /** Exclusive upper bound; null for the open last bucket. */
  max: number | null;
  label: string;
}

export interface EdgeProblem {
  axis: Axis;
  code: string;
  message: Text;
}

const AXIS_NAME: Record<Axis, Text> = {
  orders: { ru: 'Границы по числу заказов', en: 'Order count edges' },
  days: { ru: 'Границы по дням с последней покупки', en: 'Days-since-last-purchase edges' },
};

/**
 * Reads bucket edges from text such as "1,2,4,9,16" (a query parameter or an input field). Whole numbers, strictly
 * increasing; orders start at 1 or more (customers without orders are reported apart), days above 0 (the first
 * column is "< first edge").
 */
export function parseEdges(axis: Axis, text: string | undefined | null): { edges: number[] | null; problems: EdgeProblem[] } {
  if (text === undefined || text === null || text.trim() === '') {
    return { edges: [...(axis === 'orders' ? DEFAULT_ORDER_EDGES : DEFAULT_DAY_EDGES)], problems: [] };
  }
  const name = AXIS_NAME[axis];
  const fail = (code: string, ru: string, en: string) => ({
    edges: null,
    problems: [{ axis, code, message: { ru: `${name.ru}: ${ru}`, en: `${name.en}: ${en}` } }],
  });
  const parts = text.split(',').map((p) => p.trim());
  const edges: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part)) {
      return fail('rfm.edge_not_integer', `«${part}» — не целое неотрицательное число`, `"${part}" is not a non-negative whole number`);
    }
    edges.push(Number(part));
  }
  if (edges.length > MAX_EDGES) {
    return fail('rfm.too_many_edges', `не больше ${MAX_EDGES} границ, задано ${edges.length}`, `at most ${MAX_EDGES} edges, got ${edges.length}`);
  }
  if (axis === 'orders' && edges[0] < 1) {
    return fail('rfm.orders_start', 'первая граница — не меньше 1 заказа (клиенты без заказов считаются отдельно)', 'the first edge must be at least 1 order (customers without orders are counted apart)');
  }
  if (axis === 'days' && edges[0] < 1) {
    return fail('rfm.days_start', 'первая граница — не меньше 1 дня', 'the first edge must be at least 1 day');
  }
  const max = MAX_VALUE[axis];
  const big = edges.find((e) => e > max);
  if (big !== undefined) return fail('rfm.edge_too_large', `граница ${big} больше допустимой (${max})`, `edge ${big} exceeds the maximum (${max})`);
  for (let i = 1; i < edges.length; i++) {
    if (edges[i] <= edges[i - 1]) {
      return fail(
        'rfm.edges_not_increasing',
        `границы должны строго возрастать, а ${edges[i]} идёт после ${edges[i - 1]}`,
        `edges must strictly increase, but ${edges[i]} follows ${edges[i - 1]}`,
      );
    }
  }
  return { edges, problems: [] };
}

/** Order-count rows: one per edge, the last one open ("16+"). */
export function orderBuckets(edges: readonly number[]): Bucket[] {
  return edges.map((min, index) => {
    const max = index + 1 < edges.length ? edges[index + 1] : null;
    const label = max === null ? `${min}+` : max - 1 === min ? `${min}` : `${min}–${max - 1}`;
    return { index, min, max, label };
  });
}

/** Recency columns: "< first edge", then one per edge, the last one open ("> 95"). */
export function dayBuckets(edges: readonly number[]): Bucket[] {
  const buckets: Bucket[] = [{ index: 0, min: 0, max: edges[0], label: `< ${edges[0]}` }];
  edges.forEach((min, i) => {
    const max = i + 1 < edges.length ? edges[i + 1] : null;
    const label = max === null ? `> ${min - 1}` : max - 1 === min ? `${min}` : `${min}–${max - 1}`;
    buckets.push({ index: i + 1, min, max, label });
  });
  return buckets;
}

/** The edges back as query-parameter text. */
export function edgesText(edges: readonly number[]): string {
  return edges.join(',');
}

/**
 * The cell as a scenario condition, so it can become an audience filter as is. Orders are whole numbers, so a
 * closed `between` reads naturally; days are fractional, so the upper bound is exclusive (`lt`).
 */
export function cellCondition(orders: Bucket, days: Bucket): Condition {
  const rules: Rule[] = [];
  if (orders.max === null) rules.push({ field: 'orderCount', op: 'gte', value: orders.min });
  else if (orders.max - 1 === orders.min) rules.push({ field: 'orderCount', op: 'eq', value: orders.min });
  else rules.push({ field: 'orderCount', op: 'between', value: [orders.min, orders.max - 1] });
  if (days.min > 0) rules.push({ field: 'daysSinceLastOrder', op: 'gte', value: days.min });
  if (days.max !== null) rules.push({ field: 'daysSinceLastOrder', op: 'lt', value: days.max });
  return { all: rules };
}
