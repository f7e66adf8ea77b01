import { compareWithControl, type Comparison } from '../stats/compare';
import { Z_95 } from '../stats/normal';
import { sampleSizePerGroup } from '../stats/proportions';
import { HOLDOUT_PORT } from './assign';

const DAY = 86_400_000;
/** z for 90 % power (80 % is the default of sampleSizePerGroup). */
const Z_POWER_90 = 1.2815515655446004;

export interface AutoDecideRule {
  minDays: number;
  /** The smallest relative uplift worth detecting, % (default 20). */
  mdeRelPct?: number;
  /** 80 (default) or 90. */
  power?: 80 | 90;
}

export interface SplitGroup {
  key: string;
  label: string;
  entered: number;
  converted: number;
}

export type SplitDecision =
  | { decided: true; winner: string; runnerUp: string; comparison: Comparison; requiredPerGroup: number; days: number }
  | { decided: false; why: { ru: string; en: string } };

/**
 * Whether an A/B split that decides by itself has a winner: the variant with the highest conversion, once the split
 * has run `minDays`, beats the runner-up in a two-sided z-test at α = 5 %, and both have at least the customers
 * needed to see a `mdeRelPct` % uplift over the runner-up's rate with `power` % power. The holdout never wins (it is
 * the measure of all variants, not one of them). Comparing the leader with the runner-up is the conservative
 * choice with three or more variants: beating the second best means beating the rest.
 */
export function decideSplit(groups: SplitGroup[], rule: AutoDecideRule, startedAt: Date | null, now: Date): SplitDecision {
  const days = startedAt ? (now.getTime() - startedAt.getTime()) / DAY : 0;
  if (days < rule.minDays) {
    return { decided: false, why: { ru: `тест идёт ${Math.floor(days)} дн. из ${rule.minDays}`, en: `the test has run ${Math.floor(days)} of ${rule.minDays} days` } };
  }
  const ranked = groups
    .filter((g) => g.key !== HOLDOUT_PORT && g.entered > 0)
    .sort((a, b) => b.converted / b.entered - a.converted / a.entered);
  if (ranked.length < 2) return { decided: false, why: { ru: 'данные есть меньше чем по двум вариантам', en: 'fewer than two variants have data' } };
  const [leader, runnerUp] = ranked;
  const mde = rule.mdeRelPct ?? 20;
  const comparison = compareWithControl(leader, runnerUp, mde);
  const base = runnerUp.converted / runnerUp.entered;
  const required = sampleSizePerGroup(base, Math.min(0.999999, base * (1 + mde / 100)), Z_95, rule.power === 90 ? Z_POWER_90 : undefined);
  if (comparison.verdict !== 'better' || required === null) {
    return { decided: false, why: { ru: `«${leader.label}» пока не лучше «${runnerUp.label}» значимо`, en: `“${leader.label}” is not yet significantly better than “${runnerUp.label}”` } };
  }
  const smaller = Math.min(leader.entered, runnerUp.entered);
  if (smaller < required) {
    return {
      decided: false,
      why: { ru: `нужно ещё ${required - smaller} клиентов в меньшей группе для мощности ${rule.power ?? 80} %`, en: `${required - smaller} more customers needed in the smaller group for ${rule.power ?? 80}% power` },
    };
  }
  return { decided: true, winner: leader.key, runnerUp: runnerUp.key, comparison, requiredPerGroup: required, days };
}
