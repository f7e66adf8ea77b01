import { newcombeDifference, relativeUpliftInterval, sampleSizePerGroup, twoProportionZTest, wilsonInterval, type Interval } from './proportions';

/** Below this many entrants in either group no verdict is given, whatever the p-value says. */
export const MIN_GROUP_SIZE = 30;
/** …and below this many conversions in both groups together. */
export const MIN_CONVERSIONS = 5;
export const SIGNIFICANCE = 0.05;

export interface GroupCounts {
  entered: number;
  converted: number;
}

export type Verdict = 'not_enough_data' | 'better' | 'worse' | 'no_difference';

export interface Comparison {
  /** Variant minus control, as fractions (0.021 = +2.1 percentage points). */
  upliftAbs: number | null;
  upliftAbsCi: Interval | null;
  /** Variant ÷ control − 1 (0.25 = +25 %). Null when the control converted nobody. */
  upliftRel: number | null;
  upliftRelCi: Interval | null;
  z: number | null;
  pValue: number | null;
  /** Customers per group needed to detect `mdeRelPct` with 80 % power at 5 % (null: control rate 0 or 1). */
  requiredPerGroup: number | null;
  /** How many more customers the smaller of the two groups still needs (0 when enough). */
  stillNeeded: number | null;
  verdict: Verdict;
}

export function conversionRate(group: GroupCounts): { rate: number | null; ci: Interval | null } {
  return { rate: group.entered > 0 ? group.converted / group.entered : null, ci: wilsonInterval(group.converted, group.entered) };
}

/**
 * Compares a variant with the control (the holdout when there is one) by the pooled two-proportion z-test:
 * the question a holdout answers is "did the messages change the return rate at all", which is exactly H0: p1 = p2,
 * and its power calculation gives the sample size still needed. `mdeRelPct` is the smallest relative uplift worth
 * detecting (20 means +20 % over the control's rate).
 */
export function compareWithControl(variant: GroupCounts, control: GroupCounts, mdeRelPct: number): Comparison {
  const test = twoProportionZTest(variant.converted, variant.entered, control.converted, control.entered);
  const pv = variant.entered > 0 ? variant.converted / variant.entered : null;
  const pc = control.entered > 0 ? control.converted / control.entered : null;
  const requiredPerGroup = pc === null ? null : sampleSizePerGroup(pc, pc * (1 + mdeRelPct / 100));
  const smaller = Math.min(variant.entered, control.entered);
  const stillNeeded = requiredPerGroup === null ? null : Math.max(0, requiredPerGroup - smaller);
  const tooSmall = smaller < MIN_GROUP_SIZE || variant.converted + control.converted < MIN_CONVERSIONS || !test;
  let verdict: Verdict;
  if (tooSmall) verdict = 'not_enough_data';
  else if (test.pValue < SIGNIFICANCE) verdict = test.z > 0 ? 'better' : 'worse';
  else verdict = stillNeeded === 0 ? 'no_difference' : 'not_enough_data';
  return {
    upliftAbs: pv !== null && pc !== null ? pv - pc : null,
    upliftAbsCi: newcombeDifference(variant.converted, variant.entered, control.converted, control.entered),
    upliftRel: pv !== null && pc ? pv / pc - 1 : null,
    upliftRelCi: relativeUpliftInterval(variant.converted, variant.entered, control.converted, control.entered),
    z: test?.z ?? null,
    pValue: test?.pValue ?? null,
    requiredPerGroup,
    stillNeeded,
    verdict,
  };
}
