import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addVariant, distribute, removeVariant, setWeight } from './abWeights';

const sum = (xs: Array<{ weight: number }>) => xs.reduce((a, b) => a + b.weight, 0);

describe('A/B weights always sum to 100', () => {
  it('rebalances the other variants when one changes', () => {
    const v = [
      { key: 'A', label: 'A', weight: 50 },
      { key: 'B', label: 'B', weight: 30 },
      { key: 'C', label: 'C', weight: 20 },
    ];
    const next = setWeight(v, 0, 70);
    expect(next.map((x) => x.weight)).toEqual([70, 18, 12]);
  });

  it('holds for any edit sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(10), fc.integer({ min: -50, max: 200 }), fc.boolean()), { maxLength: 30 }), (edits) => {
        let v = [
          { key: 'A', label: 'A', weight: 50 },
          { key: 'B', label: 'B', weight: 50 },
        ];
        for (const [i, w, add] of edits) {
          if (add && v.length < 5) v = addVariant(v, 'Вариант');
          else if (!add && v.length > 2 && w < 0) v = removeVariant(v, i % v.length);
          else v = setWeight(v, i % v.length, w);
          expect(sum(v)).toBe(100);
          expect(v.every((x) => x.weight >= 1 && Number.isInteger(x.weight))).toBe(true);
        }
      }),
    );
    expect(distribute([1, 1, 1], 100)).toEqual([34, 33, 33]);
  });
});
