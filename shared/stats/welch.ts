import { Z_95 } from './normal';
import type { Interval } from './proportions';

/**
 * Student's t distribution and Welch's interval for a difference of two means (revenue per customer in two groups
 * of unequal size and spread: most customers spend nothing, a few spend a lot, and the control group is small).
 */

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 coefficients; relative error below 1e-13). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz, as in Numerical Recipes `betacf`). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df may be fractional, as Welch's is). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) return NaN;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The t value with P(T ≤ t) = p, by bisection on the CDF (60 halvings: far below any precision shown). Above a
 * million degrees of freedom the normal quantile is returned for the 95 % case it is used for.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (df > 1e6 && Math.abs(p - 0.975) < 1e-12) return Z_95;
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A group's values summed: how many, their sum and their sum of squares (what one SQL aggregate returns). */
export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

export function meanOf(m: Moments): number | null {
  return m.n > 0 ? m.sum / m.n : null;
}

/** Sample variance (n − 1 in the denominator); null below two values. Never negative from rounding. */
export function varianceOf(m: Moments): number | null {
  if (m.n < 2) return null;
  return Math.max(0, (m.sumSq - (m.sum * m.sum) / m.n) / (m.n - 1));
}

export interface WelchResult {
  /** Mean of the first group minus mean of the second. */
  difference: number;
  interval: Interval;
  /** Welch–Satterthwaite degrees of freedom (null when both groups have no spread). */
  df: number | null;
}

/**
 * Welch's 95 % interval for mean(a) − mean(b): unequal variances, t with the Welch–Satterthwaite degrees of freedom.
 * Null when either group has fewer than two values. When neither group varies the interval is the difference itself.
 */
export function welchInterval(a: Moments, b: Moments, confidence = 0.95): WelchResult | null {
  const va = varianceOf(a);
  const vb = varianceOf(b);
  if (va === null || vb === null) return null;
  const difference = a.sum / a.n - b.sum / b.n;
  const sa = va / a.n;
  const sb = vb / b.n;
  const se = Math.sqrt(sa + sb);
  if (se === 0) return { difference, interval: { low: difference, high: difference }, df: null };
  const df = (sa + sb) ** 2 / (sa ** 2 / (a.n - 1) + sb ** 2 / (b.n - 1));
  const t = studentTQuantile(1 - (1 - confidence) / 2, df);
  return { difference, interval: { low: difference - t * se, high: difference + t * se }, df };
}
