import { describe, expect, it } from 'vitest';
import { compareWithControl } from './compare';
import { normalCdf } from './normal';
import { newcombeDifference, relativeUpliftInterval, sampleSizePerGroup, twoProportionZTest, wilsonInterval } from './proportions';
import { verdictText } from './verdict';

describe('statistics against published values', () => {
  it('normal CDF', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
  });

  it('Wilson interval: Newcombe (1998) example 81/263 → 0.2553–0.3662', () => {
    const ci = wilsonInterval(81, 263)!;
    expect(ci.low).toBeCloseTo(0.2553, 4);
    expect(ci.high).toBeCloseTo(0.3662, 4);
    expect(wilsonInterval(0, 10)!.low).toBe(0);
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('Newcombe hybrid score difference: 56/70 − 48/80 → 0.0524–0.3339 (Newcombe 1998, method 10)', () => {
    const ci = newcombeDifference(56, 70, 48, 80)!;
    expect(ci.low).toBeCloseTo(0.0524, 4);
    expect(ci.high).toBeCloseTo(0.3339, 4);
  });

  it('pooled two-proportion z-test: 45/100 vs 30/100 → z = 2.191, p = 0.0285', () => {
    const test = twoProportionZTest(45, 100, 30, 100)!;
    expect(test.z).toBeCloseTo(2.1909, 4);
    expect(test.pValue).toBeCloseTo(0.02846, 4);
    expect(twoProportionZTest(0, 100, 0, 100)).toBeNull();
  });

  it('sample size per group: 10 % → 15 % needs 686 per group at α = 5 %, power 80 %', () => {
    expect(sampleSizePerGroup(0.1, 0.15)).toBe(686);
    expect(sampleSizePerGroup(0.05, 0.06)).toBe(8158);
    expect(sampleSizePerGroup(0, 0.1)).toBeNull();
  });

  it('relative uplift interval contains the point estimate and is null without conversions', () => {
    const ci = relativeUpliftInterval(45, 100, 30, 100)!;
    expect(ci.low).toBeLessThan(0.5);
    expect(ci.high).toBeGreaterThan(0.5);
    expect(ci.low).toBeGreaterThan(0);
    expect(relativeUpliftInterval(5, 100, 0, 100)).toBeNull();
  });
});

describe('verdicts', () => {
  it('a significant difference is a winner, in plain Russian', () => {
    const c = compareWithControl({ entered: 100, converted: 45 }, { entered: 100, converted: 30 }, 20);
    expect(c.verdict).toBe('better');
    expect(c.upliftAbs).toBeCloseTo(0.15, 10);
    expect(c.upliftRel).toBeCloseTo(0.5, 10);
    expect(verdictText('Подарок', { holdout: true }, c, 'ru')).toBe('«Подарок» возвращает больше клиентов, чем контрольная группа: +15,0 п.п. (p = 0,028). Разница статистически значима.');
    expect(verdictText('Скидка', { holdout: false, label: 'Подарок' }, compareWithControl({ entered: 100, converted: 30 }, { entered: 100, converted: 45 }, 20), 'ru')).toBe(
      '«Скидка» возвращает меньше клиентов, чем «Подарок»: −15,0 п.п. (p = 0,028). Разница статистически значима.',
    );
  });

  it('small groups are "not enough data yet" even with a large observed gap', () => {
    const c = compareWithControl({ entered: 20, converted: 10 }, { entered: 20, converted: 1 }, 20);
    expect(c.verdict).toBe('not_enough_data');
    expect(verdictText('A', { holdout: true }, c, 'ru')).toMatch(/^Пока недостаточно данных, чтобы сравнить «A» с контрольной группой\. Нужно ещё около 8\s138 клиентов в каждой группе\.$/);
    // Control rate 0: no sample size can be computed, so the minimum group size is what is asked for.
    const none = compareWithControl({ entered: 10, converted: 1 }, { entered: 10, converted: 0 }, 20);
    expect(verdictText('A', { holdout: true }, none, 'ru')).toContain('Нужно хотя бы 30 клиентов в каждой группе');
  });

  it('no significant difference before the required sample: still collecting, with how many more', () => {
    const c = compareWithControl({ entered: 300, converted: 33 }, { entered: 300, converted: 30 }, 20);
    expect(c.verdict).toBe('not_enough_data');
    expect(c.requiredPerGroup).toBe(sampleSizePerGroup(0.1, 0.12));
    expect(c.stillNeeded).toBe(c.requiredPerGroup! - 300);
    expect(verdictText('A', { holdout: true }, c, 'ru')).toContain('Нужно ещё около');
  });

  it('no significant difference after the required sample: no difference', () => {
    const c = compareWithControl({ entered: 5000, converted: 505 }, { entered: 5000, converted: 500 }, 20);
    expect(c.verdict).toBe('no_difference');
    expect(c.stillNeeded).toBe(0);
  });
});
