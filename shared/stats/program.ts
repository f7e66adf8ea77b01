import { MIN_GROUP_SIZE } from './compare';
import { Z_95, Z_POWER_80 } from './normal';
import { newcombeDifference, wilsonInterval, type Interval } from './proportions';
import { welchInterval, type Moments } from './welch';

/**
 * A scenario, or the whole program, against the global control group (issue 14): customers who entered versus
 * customers of the control group whom the same audiences selected and who got nothing. The group sizes are very
 * unequal (5 % control → 19 treated per control customer), so the sample size is the control group's, computed for
 * that ratio.
 */

/** Below this many customers in the control group no verdict is given, whatever the interval says. */
export const MIN_CONTROL_CUSTOMERS = 50;
/** …nor below this many returns in both groups together. */
export const MIN_RETURNS = 10;
/** The smallest relative uplift of the returned share worth detecting, % (the default of `mde`). */
export const DEFAULT_MDE_REL_PCT = 20;

export interface GroupOutcome {
  customers: number;
  returned: number;
  /** Revenue per customer summed, and its squares summed (for Welch's interval). */
  revenue: number;
  revenueSq: number;
}

export type ProgramVerdict = 'better' | 'worse' | 'no_difference' | 'not_enough_data' | 'no_control_group';

export interface ProgramComparison {
  /** Returned share in each group, 0–1 (null without customers) with its Wilson interval. */
  treatedShare: number | null;
  treatedShareCi: Interval | null;
  controlShare: number | null;
  controlShareCi: Interval | null;
  treatedRevenuePerCustomer: number | null;
  controlRevenuePerCustomer: number | null;
  /** Treated minus control share (0.1 = +10 percentage points), Newcombe's 95 % interval. */
  difference: number | null;
  differenceCi: Interval | null;
  /** Treated ÷ control share − 1. */
  relativeUplift: number | null;
  /** Revenue per customer, treated minus control, ₽, Welch's 95 % interval. */
  revenueDifference: number | null;
  revenueDifferenceCi: Interval | null;
  /** difference × treated customers (and its interval); null while there is not enough data. */
  incrementalReturns: number | null;
  incrementalReturnsCi: Interval | null;
  /** revenueDifference × treated customers, ₽; null while there is not enough data. */
  incrementalRevenue: number | null;
  incrementalRevenueCi: Interval | null;
  /** cost ÷ incrementalReturns, only when the difference's interval is above zero; else null («не измеримо»). */
  costPerIncrementalReturn: number | null;
  costPerIncrementalReturnCi: Interval | null;
  /** Control customers needed for 80 % power against `mdeRelPct` at the observed baseline and group ratio. */
  requiredControl: number | null;
  /** requiredControl − control customers (0 when enough); null when it cannot be computed yet. */
  stillNeeded: number | null;
  verdict: ProgramVerdict;
}

/**
 * Control-group customers needed to detect a change of the returned share from `baseline` (control) to `target`
 * (treated) with a two-sided 5 % test and 80 % power when there are `ratio` treated customers per control customer
 * (Fleiss' formula for unequal groups without continuity correction; with ratio 1 it is sampleSizePerGroup).
 * Null when the rates are equal or outside (0, 1), or the ratio is not positive.
 */
export function controlSampleSize(baseline: number, target: number, ratio: number, zAlpha = Z_95, zBeta = Z_POWER_80): number | null {
  if (!(baseline > 0 && baseline < 1 && target > 0 && target < 1) || baseline === target || !(ratio > 0)) return null;
  const pooled = (baseline + ratio * target) / (1 + ratio);
  const a = zAlpha * Math.sqrt(pooled * (1 - pooled) * (1 + 1 / ratio));
  const b = zBeta * Math.sqrt(baseline * (1 - baseline) + (target * (1 - target)) / ratio);
  return Math.ceil((a + b) ** 2 / (baseline - target) ** 2);
}

export interface CompareInput {
  treated: GroupOutcome;
  control: GroupOutcome;
  /** What the treated customers' program cost in the period: messages + bonus points spent, ₽. */
  cost: number;
  mdeRelPct: number;
  /** The policy's control share, %: gives the group ratio before there are control customers. 0 = no control group. */
  controlSharePct: number;
}

const share = (g: GroupOutcome) => (g.customers > 0 ? g.returned / g.customers : null);
const perCustomer = (g: GroupOutcome) => (g.customers > 0 ? g.revenue / g.customers : null);
const moments = (g: GroupOutcome): Moments => ({ n: g.customers, sum: g.revenue, sumSq: g.revenueSq });
const scale = (ci: Interval | null, k: number): Interval | null => (ci ? { low: ci.low * k, high: ci.high * k } : null);

/**
 * The comparison and its verdict:
 * - `no_control_group`: the policy holds nobody out and no control customer was recorded;
 * - `not_enough_data`: fewer than MIN_CONTROL_CUSTOMERS control or MIN_GROUP_SIZE treated customers, fewer than
 *   MIN_RETURNS returns in both groups, or an interval that contains zero while the control group is still smaller
 *   than the power calculation asks — then no incremental figure is given;
 * - `better` / `worse`: Newcombe's 95 % interval of the difference lies above / below zero (a valid test whatever
 *   the planned power; the interval says how precise it is);
 * - `no_difference`: the interval contains zero although the control group is large enough to see `mdeRelPct`.
 * The power calculation takes the control share as the baseline (the pooled share while the control returned
 * nobody), the target baseline × (1 + mde), and the observed treated-per-control ratio (the policy's while there
 * are no control customers), so `stillNeeded` assumes both groups keep growing as they did.
 */
export function compareProgramWithControl(input: CompareInput): ProgramComparison {
  const { treated, control } = input;
  const pt = share(treated);
  const pc = share(control);
  const difference = pt !== null && pc !== null ? pt - pc : null;
  const differenceCi = newcombeDifference(treated.returned, treated.customers, control.returned, control.customers);
  const welch = welchInterval(moments(treated), moments(control));

  const ratio =
    treated.customers > 0 && control.customers > 0
      ? treated.customers / control.customers
      : input.controlSharePct > 0
        ? (100 - input.controlSharePct) / input.controlSharePct
        : null;
  const pooled = treated.customers + control.customers > 0 ? (treated.returned + control.returned) / (treated.customers + control.customers) : null;
  const baseline = control.returned > 0 ? pc : pooled;
  const target = baseline !== null ? Math.min(0.999, baseline * (1 + input.mdeRelPct / 100)) : null;
  const sized = baseline !== null && target !== null && ratio !== null ? controlSampleSize(baseline, target, ratio) : null;
  const requiredControl = sized === null ? null : Math.max(sized, MIN_CONTROL_CUSTOMERS);
  const stillNeeded = requiredControl === null ? null : Math.max(0, requiredControl - control.customers);

  let verdict: ProgramVerdict;
  if (control.customers === 0 && input.controlSharePct <= 0) verdict = 'no_control_group';
  else if (
    control.customers < MIN_CONTROL_CUSTOMERS ||
    treated.customers < MIN_GROUP_SIZE ||
    treated.returned + control.returned < MIN_RETURNS ||
    !differenceCi
  )
    verdict = 'not_enough_data';
  else if (differenceCi.low > 0) verdict = 'better';
  else if (differenceCi.high < 0) verdict = 'worse';
  else verdict = stillNeeded === 0 ? 'no_difference' : 'not_enough_data';

  const measured = verdict === 'better' || verdict === 'worse' || verdict === 'no_difference';
  const n = treated.customers;
  const incrementalReturns = measured && difference !== null ? difference * n : null;
  const incrementalRevenue = measured && welch ? welch.difference * n : null;
  const costPerIncrementalReturn = verdict === 'better' && incrementalReturns ? input.cost / incrementalReturns : null;
  const costPerIncrementalReturnCi =
    verdict === 'better' && differenceCi && differenceCi.low > 0 ? { low: input.cost / (differenceCi.high * n), high: input.cost / (differenceCi.low * n) } : null;

  return {
    treatedShare: pt,
    treatedShareCi: wilsonInterval(treated.returned, treated.customers),
    controlShare: pc,
    controlShareCi: wilsonInterval(control.returned, control.customers),
    treatedRevenuePerCustomer: perCustomer(treated),
    controlRevenuePerCustomer: perCustomer(control),
    difference,
    differenceCi,
    relativeUplift: pt !== null && pc ? pt / pc - 1 : null,
    revenueDifference: welch?.difference ?? (pt !== null && pc !== null ? perCustomer(treated)! - perCustomer(control)! : null),
    revenueDifferenceCi: welch?.interval ?? null,
    incrementalReturns,
    incrementalReturnsCi: measured ? scale(differenceCi, n) : null,
    incrementalRevenue,
    incrementalRevenueCi: measured && welch ? scale(welch.interval, n) : null,
    costPerIncrementalReturn,
    costPerIncrementalReturnCi,
    requiredControl,
    stillNeeded,
    verdict,
  };
}
