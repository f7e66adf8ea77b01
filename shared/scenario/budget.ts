import type { ScenarioSettings } from './schema';

export type BonusBudget = NonNullable<ScenarioSettings['budget']>;

/**
 * The most points one customer should get in a win-back (seed 004): average check × margin % × share of the margin
 * the shop is ready to spend. 900 ₽ × 40 % × 50 % = 180 points.
 */
export function maxBonusPoints(budget: BonusBudget): number {
  // Multiply first so integer inputs stay exact (900 × 0.4 is not 360 in binary floating point).
  return Math.floor((budget.avgCheck * budget.marginPct * budget.maxShareOfMarginPct) / 10_000 + 1e-9);
}
