import { describe, expect, it } from 'vitest';
import { decideSplit } from './decide';

const start = new Date('2026-11-01T00:00:00Z');
const day = (n: number) => new Date(start.getTime() + n * 86_400_000);
const groups = (gift: [number, number], discount: [number, number], holdout?: [number, number]) => [
  { key: 'gift', label: 'Подарок', entered: gift[0], converted: gift[1] },
  { key: 'discount', label: 'Скидка', entered: discount[0], converted: discount[1] },
  ...(holdout ? [{ key: 'holdout', label: 'Контроль', entered: holdout[0], converted: holdout[1] }] : []),
];

describe('decideSplit', () => {
  it('waits for the minimum number of days whatever the data say', () => {
    expect(decideSplit(groups([2000, 400], [2000, 200]), { minDays: 14 }, start, day(10))).toMatchObject({ decided: false, why: { ru: 'тест идёт 10 дн. из 14' } });
  });

  it('decides for a leader that beats the runner-up with enough customers for the power', () => {
    // 20 % vs 10 %: p far below 0.05, and 2,000 per group is well above what +20 % over 10 % needs at 80 % power.
    const d = decideSplit(groups([4000, 800], [4000, 400], [500, 30]), { minDays: 14 }, start, day(15));
    expect(d).toMatchObject({ decided: true, winner: 'gift', runnerUp: 'discount' });
  });

  it('is significant but underpowered: keeps testing, and says how many customers it still needs', () => {
    // 30 % vs 15 % on 150 each: p < 0.05, but +20 % over 15 % needs ~2,000 per group at 80 % power.
    const d = decideSplit(groups([150, 45], [150, 22]), { minDays: 7 }, start, day(8));
    expect(d.decided).toBe(false);
    if (!d.decided) expect(d.why.ru).toMatch(/^нужно ещё \d+ клиентов в меньшей группе для мощности 80 %$/);
  });

  it('asks for more customers at 90 % power than at 80 %', () => {
    const g = groups([2600, 468], [2600, 390]);
    expect(decideSplit(g, { minDays: 1, power: 80 }, start, day(2)).decided).toBe(true);
    expect(decideSplit(g, { minDays: 1, power: 90 }, start, day(2)).decided).toBe(false);
  });

  it('never crowns the holdout, and needs two variants with data', () => {
    const d = decideSplit(groups([1000, 50], [1000, 52], [1000, 300]), { minDays: 1 }, start, day(2));
    expect(d.decided).toBe(false);
    expect(decideSplit(groups([1000, 50], [0, 0]), { minDays: 1 }, start, day(2))).toMatchObject({ decided: false, why: { ru: 'данные есть меньше чем по двум вариантам' } });
  });
});
