import { describe, expect, it } from 'vitest';
import type { NodeConfig } from '../scenario/schema';
import { assignVariant, unitInterval, type AssignmentKey } from './assign';

/** The A/B node's whole config (labels included), as the workflow passes it. */
type Config = NodeConfig<'abSplit'>;

const fiftyFifty: Config = { variants: [{ key: 'a', label: 'A', weight: 50 }, { key: 'b', label: 'B', weight: 50 }] };
const seventyThirty: Config = { variants: [{ key: 'gift', label: 'Подарок', weight: 70 }, { key: 'discount', label: 'Скидка', weight: 30 }] };
const threeWithHoldout: Config = {
  variants: [{ key: 'a', label: 'A', weight: 1 }, { key: 'b', label: 'B', weight: 1 }, { key: 'c', label: 'C', weight: 2 }],
  holdoutPct: 20,
};

const S1 = '7f1c9a52-0000-4000-8000-000000000003';
const S2 = 'b3e0d6c4-51a9-4c2e-9f0a-2d8e61c47a15';

/**
 * These are the variants live customers already have. If this table fails, the change reshuffles running
 * experiments: customers would switch variants mid-test and the results collected so far would be mixed.
 * Do not update the table to make it pass; keep the old assignment (or version it) instead.
 *
 * Columns: scenarioId, nodeId, customerId, then the variant under 50/50, under 70/30, and under 1:1:2 with 20 % holdout.
 */
const golden: [string, string, string, string, string, string][] = [
  [S1, 'split', 'customer-0', 'b', 'gift', 'b'],
  [S1, 'split', 'customer-1', 'b', 'gift', 'c'],
  [S1, 'split', 'customer-2', 'b', 'gift', 'c'],
  [S1, 'split', 'customer-3', 'b', 'discount', 'c'],
  [S1, 'split', 'customer-4', 'b', 'discount', 'c'],
  [S1, 'split', 'customer-5', 'a', 'gift', 'a'],
  [S1, 'split', 'customer-12', 'a', 'gift', 'holdout'],
  [S1, 'split', '100234', 'b', 'gift', 'b'],
  [S1, 'split', '100235', 'a', 'gift', 'b'],
  [S1, 'split', 'anna@example.com', 'b', 'discount', 'c'],
  [S1, 'split', 'клиент-42', 'b', 'gift', 'b'],
  [S1, 'split', '客户-7', 'b', 'gift', 'c'],
  [S1, 'split', '🎁-1', 'b', 'gift', 'c'],
  [S1, 'ab-2', 'customer-0', 'b', 'gift', 'c'],
  [S1, 'ab-2', 'customer-1', 'a', 'gift', 'b'],
  [S1, 'ab-2', '100234', 'a', 'gift', 'holdout'],
  [S2, 'split', 'customer-0', 'b', 'discount', 'c'],
  [S2, 'split', 'customer-4', 'a', 'gift', 'holdout'],
  [S2, 'split', 'customer-11', 'a', 'gift', 'holdout'],
  [S2, 'split', '100234', 'a', 'gift', 'a'],
  [S2, 'n7', 'C-000981', 'a', 'gift', 'b'],
  [S2, 'n7', 'C-000982', 'a', 'gift', 'a'],
  [S2, 'n7', 'customer-6', 'b', 'discount', 'c'],
  [S2, 'n7', 'customer-9', 'a', 'gift', 'a'],
  ['scn-1', 'split', 'customer-9999', 'b', 'gift', 'b'],
  ['scn-1', 'split', '', 'b', 'gift', 'c'],
];

describe('assignVariant keeps the assignments customers already have', () => {
  it.each(golden)('%s / %s / %j → %s, %s, %s', (scenarioId, nodeId, customerId, half, seventy, three) => {
    const key = { scenarioId, nodeId, customerId };
    expect(assignVariant(key, fiftyFifty)).toBe(half);
    expect(assignVariant(key, seventyThirty)).toBe(seventy);
    expect(assignVariant(key, threeWithHoldout)).toBe(three);
  });

  it('unitInterval of fixed strings is exactly what it was (the numerator over 2^32 is pinned)', () => {
    // Multiplying by 2^32 is exact, so these are the hash values themselves.
    expect(unitInterval('') * 2 ** 32).toBe(2872998923);
    expect(unitInterval('a') * 2 ** 32).toBe(444641715);
    expect(unitInterval('customer-0') * 2 ** 32).toBe(3954869065);
    expect(unitInterval('клиент') * 2 ** 32).toBe(1405292781);
    expect(unitInterval('🎁') * 2 ** 32).toBe(4155182062);
    expect(unitInterval(`${S1}\u0000split\u0000customer-0`)).toBe(0.5573416254483163);
  });
});

// 10,000 keys shaped like production ones: one scenario, one node, sequential customer ids.
const keys: AssignmentKey[] = Array.from({ length: 10_000 }, (_, i) => ({ scenarioId: S1, nodeId: 'split', customerId: `customer-${i}` }));
/** The hash input, as documented: the three key fields joined by NUL, so no field can run into the next. */
const hashInput = (k: AssignmentKey) => [k.scenarioId, k.nodeId, k.customerId].join('\0');

/**
 * The variant by definition, written without assignVariant's rescaling loop: holdout if u < h; otherwise variant i
 * owns [h + (1 − h)·W(i−1)/W, h + (1 − h)·W(i)/W), W(i) being the sum of the first i weights.
 */
function variantByDefinition(u: number, config: Config): string {
  const h = (config.holdoutPct ?? 0) / 100;
  if (u < h) return 'holdout';
  const total = config.variants.reduce((sum, v) => sum + v.weight, 0);
  let cumulative = 0;
  for (const v of config.variants) {
    cumulative += v.weight;
    if (u < h + ((1 - h) * cumulative) / total) return v.key;
  }
  return config.variants[config.variants.length - 1].key;
}

function tally(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

describe('assignVariant splits by the weights', () => {
  const us = keys.map((k) => unitInterval(hashInput(k)));

  it.each([
    ['50/50', fiftyFifty],
    ['70/30', seventyThirty],
    ['1:1:2 with 20 % holdout', threeWithHoldout],
  ] as const)('%s: every customer lands where the definition puts their hash', (_, config) => {
    const actual = keys.map((k) => assignVariant(k, config));
    const expected = us.map((u) => variantByDefinition(u, config));
    expect(tally(actual)).toEqual(tally(expected));
    const mismatches = keys.flatMap((k, i) => (actual[i] === expected[i] ? [] : [`${k.customerId}: ${actual[i]} ≠ ${expected[i]}`]));
    expect(mismatches).toEqual([]);
  });

  it('unitInterval is uniform on sequential ids (chi-square over 20 bins below the 0.1 % critical value)', () => {
    const bins = 20;
    const counts = new Array<number>(bins).fill(0);
    for (const u of us) {
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      counts[Math.floor(u * bins)]++;
    }
    const expectedPerBin = us.length / bins;
    const chiSquare = counts.reduce((sum, c) => sum + (c - expectedPerBin) ** 2 / expectedPerBin, 0);
    // 43.82 is the 99.9th percentile of chi-square with 19 degrees of freedom.
    expect(chiSquare).toBeLessThan(43.82);
  });

  it.each([
    ['50/50', fiftyFifty, { a: 0.5, b: 0.5 }],
    ['70/30', seventyThirty, { gift: 0.7, discount: 0.3 }],
    ['1:1:2 with 20 % holdout', threeWithHoldout, { holdout: 0.2, a: 0.2, b: 0.2, c: 0.4 }],
  ] as const)('%s: each share is within four binomial standard deviations of its weight', (_, config, shares) => {
    const counts = tally(keys.map((k) => assignVariant(k, config)));
    const n = keys.length;
    expect(Object.keys(counts).sort()).toEqual(Object.keys(shares).sort());
    for (const [variant, p] of Object.entries(shares)) {
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(counts[variant] - n * p), variant).toBeLessThan(4 * sd);
    }
  });
});

describe('assignVariant is stable and independent across nodes', () => {
  it('gives a customer the same variant on every call, whatever the labels', () => {
    const relabelled: Config = { ...threeWithHoldout, variants: threeWithHoldout.variants.map((v) => ({ ...v, label: `${v.label} (renamed)` })) };
    for (const key of keys.slice(0, 200)) {
      const first = assignVariant(key, threeWithHoldout);
      expect(assignVariant({ ...key }, threeWithHoldout)).toBe(first);
      expect(assignVariant(key, relabelled)).toBe(first);
    }
  });

  it.each([
    ['nodes', (customerId: string) => [{ scenarioId: S1, nodeId: 'n1', customerId }, { scenarioId: S1, nodeId: 'n2', customerId }]],
    ['scenarios', (customerId: string) => [{ scenarioId: S1, nodeId: 'split', customerId }, { scenarioId: S2, nodeId: 'split', customerId }]],
  ] as const)('assigns independently at different %s', (_, pair) => {
    let same = 0;
    const n = 2000;
    for (let i = 0; i < n; i++) {
      const [first, second] = pair(`customer-${i}`);
      if (assignVariant(first, fiftyFifty) === assignVariant(second, fiftyFifty)) same++;
    }
    // Independent 50/50 splits agree half of the time; ±0.05 is 4.5 standard deviations for 2,000 customers.
    expect(same / n).toBeGreaterThan(0.45);
    expect(same / n).toBeLessThan(0.55);
  });
});
