import { describe, expect, it } from 'vitest';
import { incompleteBeta, logGamma, meanOf, studentTCdf, studentTQuantile, varianceOf, welchInterval } from './welch';

describe("Student's t and Welch's interval", () => {
  it('log-gamma and the incomplete beta at known points', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(incompleteBeta(0.5, 2, 2)).toBeCloseTo(0.5, 12);
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.2, 2, 3)).toBeCloseTo(0.1808, 10); // 1 − Σ binomial terms: I_0.2(2,3) = 0.1808
  });

  it('t CDF: closed forms for 1 and 2 degrees of freedom, and a table value', () => {
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12); // Cauchy
    expect(studentTCdf(1, 2)).toBeCloseTo(0.5 + 1 / (2 * Math.sqrt(3)), 12);
    expect(studentTCdf(2, 5)).toBeCloseTo(0.949030260585, 9);
    expect(studentTCdf(-2, 5)).toBeCloseTo(1 - 0.949030260585, 9);
  });

  it('97.5 % quantiles match the t table', () => {
    const table: Array<[number, number]> = [
      [1, 12.7062047362],
      [2, 4.3026527297],
      [5, 2.5705818356],
      [10, 2.2281388520],
      [30, 2.0422724563],
      [100, 1.9839715185],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df), `df ${df}`).toBeCloseTo(t, 8);
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 6);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228138852, 8);
  });

  it("Welch: 1..5 against 2, 4, …, 12 → −4, df 6.972, 95 % CI −7.9835…−0.0165 (as R's t.test)", () => {
    const a = { n: 5, sum: 15, sumSq: 55 };
    const b = { n: 6, sum: 42, sumSq: 364 };
    expect(meanOf(a)).toBe(3);
    expect(varianceOf(b)).toBeCloseTo(14, 12);
    const w = welchInterval(a, b)!;
    expect(w.difference).toBe(-4);
    expect(w.df).toBeCloseTo(6.97226, 4);
    expect(w.interval.low).toBeCloseTo(-7.98347, 4);
    expect(w.interval.high).toBeCloseTo(-0.01653, 4);
  });

  it('degenerate groups: too small → null, no spread → the difference itself', () => {
    expect(welchInterval({ n: 1, sum: 5, sumSq: 25 }, { n: 10, sum: 10, sumSq: 20 })).toBeNull();
    expect(welchInterval({ n: 3, sum: 0, sumSq: 0 }, { n: 4, sum: 0, sumSq: 0 })).toEqual({ difference: 0, interval: { low: 0, high: 0 }, df: null });
  });

  it('covers the true difference of skewed revenue ~95 % of the time (most customers spend nothing)', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648);
    // Treated: 20 % buy, each for 500–1500 (mean 1000 → 200 per customer); control: 10 % buy (100 per customer).
    const draw = (n: number, p: number) => {
      const m = { n, sum: 0, sumSq: 0 };
      for (let i = 0; i < n; i++) {
        const x = random() < p ? 500 + 1000 * random() : 0;
        m.sum += x;
        m.sumSq += x * x;
      }
      return m;
    };
    let covered = 0;
    const reps = 1000;
    for (let r = 0; r < reps; r++) {
      const w = welchInterval(draw(400, 0.2), draw(100, 0.1))!;
      if (w.interval.low <= 100 && 100 <= w.interval.high) covered++;
    }
    expect(covered / reps).toBeGreaterThan(0.925);
    expect(covered / reps).toBeLessThan(0.975);
  });
});
