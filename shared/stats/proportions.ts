import { normalCdf, Z_95, Z_POWER_80 } from './normal';

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a proportion x/n (95 % by default). Unlike the textbook p ± z·SE it stays inside
 * [0, 1] and behaves at 0 or 1 conversions and small groups — the usual situation in the first days of a test.
 * Null when n = 0.
 */
export function wilsonInterval(x: number, n: number, z = Z_95): Interval | null {
  if (n <= 0) return null;
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Interval for the difference of two proportions p1 − p2 by Newcombe's hybrid score method (method 10 in
 * Newcombe 1998), built from the two Wilson intervals; it keeps good coverage where the Wald interval fails.
 */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, z = Z_95): Interval | null {
  const a = wilsonInterval(x1, n1, z);
  const b = wilsonInterval(x2, n2, z);
  if (!a || !b) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p1 - p2;
  return {
    low: d - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
    high: d + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2),
  };
}

/**
 * Interval for the ratio p1/p2 − 1 (relative uplift) on the log scale (Katz). Null when either group has no
 * conversions: the ratio is then unbounded and a number would mislead.
 */
export function relativeUpliftInterval(x1: number, n1: number, x2: number, n2: number, z = Z_95): Interval | null {
  if (x1 <= 0 || x2 <= 0 || n1 <= 0 || n2 <= 0) return null;
  const ratio = x1 / n1 / (x2 / n2);
  const se = Math.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
  return { low: ratio * Math.exp(-z * se) - 1, high: ratio * Math.exp(z * se) - 1 };
}

export interface ZTest {
  z: number;
  /** Two-sided. */
  pValue: number;
}

/**
 * Pooled two-proportion z-test of H0: p1 = p2 (two-sided). Null when a group is empty or nobody (or everybody)
 * converted in both groups together — there is no variance to test against.
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): ZTest | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return null;
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}

/**
 * Customers needed in EACH group to detect a change of the conversion rate from `baseline` to `target` with a
 * two-sided 5 % test and 80 % power (the standard formula for two proportions, no continuity correction).
 * Null when the rates are equal or outside (0, 1).
 */
export function sampleSizePerGroup(baseline: number, target: number, zAlpha = Z_95, zBeta = Z_POWER_80): number | null {
  if (!(baseline > 0 && baseline < 1 && target > 0 && target < 1) || baseline === target) return null;
  const mean = (baseline + target) / 2;
  const numerator = zAlpha * Math.sqrt(2 * mean * (1 - mean)) + zBeta * Math.sqrt(baseline * (1 - baseline) + target * (1 - target));
  return Math.ceil(numerator ** 2 / (baseline - target) ** 2);
}
