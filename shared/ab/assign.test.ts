import { describe, expect, it } from 'vitest';
import { assignVariant } from './assign';

const ids = Array.from({ length: 10_000 }, (_, i) => `customer-${i}`);
const count = (config: Parameters<typeof assignVariant>[1]) => {
  const counts: Record<string, number> = {};
  for (const customerId of ids) {
    const v = assignVariant({ scenarioId: 'scn-1', nodeId: 'split', customerId }, config);
    counts[v] = (counts[v] ?? 0) + 1;
  }
  return counts;
};

describe('assignVariant', () => {
  it('gives a customer the same variant every time', () => {
    const config = { variants: [{ key: 'a', label: 'A', weight: 50 }, { key: 'b', label: 'B', weight: 50 }], holdoutPct: 10 };
    for (const customerId of ids.slice(0, 200)) {
      const key = { scenarioId: 'scn-1', nodeId: 'split', customerId };
      expect(assignVariant(key, config)).toBe(assignVariant({ ...key }, config));
    }
  });

  it('splits 10,000 customers by the weights (70/30) within 2 points', () => {
    const counts = count({ variants: [{ key: 'gift', label: 'Подарок', weight: 70 }, { key: 'discount', label: 'Скидка', weight: 30 }] });
    expect(counts.gift / 10_000).toBeGreaterThan(0.68);
    expect(counts.gift / 10_000).toBeLessThan(0.72);
    expect(counts.discount / 10_000).toBeGreaterThan(0.28);
    expect(counts.holdout).toBeUndefined();
  });

  it('keeps the holdout share and splits the rest by weight', () => {
    const counts = count({
      variants: [{ key: 'a', label: 'A', weight: 1 }, { key: 'b', label: 'B', weight: 1 }, { key: 'c', label: 'C', weight: 2 }],
      holdoutPct: 20,
    });
    expect(counts.holdout / 10_000).toBeGreaterThan(0.18);
    expect(counts.holdout / 10_000).toBeLessThan(0.22);
    // Of the remaining 80 %: a 20 %, b 20 %, c 40 %.
    expect(counts.a / 10_000).toBeGreaterThan(0.18);
    expect(counts.a / 10_000).toBeLessThan(0.22);
    expect(counts.c / 10_000).toBeGreaterThan(0.38);
    expect(counts.c / 10_000).toBeLessThan(0.42);
  });

  it('assigns independently at different nodes and scenarios', () => {
    const config = { variants: [{ key: 'a', label: 'A', weight: 1 }, { key: 'b', label: 'B', weight: 1 }] };
    let same = 0;
    for (const customerId of ids.slice(0, 2000)) {
      const first = assignVariant({ scenarioId: 's', nodeId: 'n1', customerId }, config);
      const second = assignVariant({ scenarioId: 's', nodeId: 'n2', customerId }, config);
      if (first === second) same++;
    }
    // Independent 50/50 splits agree about half of the time.
    expect(same / 2000).toBeGreaterThan(0.45);
    expect(same / 2000).toBeLessThan(0.55);
  });
});
