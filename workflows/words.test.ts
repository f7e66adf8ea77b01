import { describe, expect, it } from 'vitest';
import { channelWord, dateTimeIn, plural, rubles, timeIn } from './words';

describe('run journal phrases', () => {
  it('picks the Russian plural form', () => {
    expect([1, 2, 5, 11, 12, 21, 22, 25, 111, 180].map((n) => `${n} ${plural(n, ['день', 'дня', 'дней'])}`)).toEqual([
      '1 день',
      '2 дня',
      '5 дней',
      '11 дней',
      '12 дней',
      '21 день',
      '22 дня',
      '25 дней',
      '111 дней',
      '180 дней',
    ]);
  });

  it('writes times in the given zone and amounts in roubles', () => {
    const at = new Date('2026-03-02T23:00:00Z');
    expect(timeIn(at, 'Asia/Vladivostok')).toBe('09:00');
    expect(dateTimeIn(at, 'Europe/Moscow')).toBe('03.03 02:00');
    expect(rubles(1500)).toBe('1\u00a0500\u00a0₽');
    expect(rubles(990.5)).toBe('990,50\u00a0₽');
  });

  it('names channels as a sentence does', () => {
    expect(`отправлено: ${channelWord('email')}`).toBe('отправлено: email');
    expect(`отправлено: ${channelWord('sms')}`).toBe('отправлено: SMS');
  });
});
