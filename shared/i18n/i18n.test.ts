import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, channelInText } from './channels';
import { DEFAULT_TIME_ZONE, formatAmount, formatFixed, formatDateTime, formatDay, formatDayMonth, formatNumber, formatRub, formatShortDateTime, formatTime, isoDay } from './format';
import { formatMessage, pluralsOf } from './message';
import { plural } from './plural';

const NBSP = '\u00a0';

describe('plural', () => {
  it('follows Russian rules: one, few, many, and fractions take the few form', () => {
    const days = ['день', 'дня', 'дней'] as const;
    const cases = [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1.5];
    expect(cases.map((n) => `${n} ${plural('ru', n, days)}`)).toEqual([
      '0 дней', '1 день', '2 дня', '4 дня', '5 дней', '11 дней', '12 дней', '14 дней', '21 день', '22 дня', '25 дней', '101 день', '111 дней', '1.5 дня',
    ]);
  });

  it('follows English rules: one and other', () => {
    expect([0, 1, 2, 1.5].map((n) => `${n} ${plural('en', n, ['day', 'days'])}`)).toEqual(['0 days', '1 day', '2 days', '1.5 days']);
  });
});

describe('formatting in a time zone', () => {
  // 20:30 UTC on 2 March: late evening of the 2nd in Moscow, already the morning of the 3rd in Vladivostok.
  const lateEvening = new Date('2026-03-02T20:30:00Z');

  it('writes the same instant as each zone\'s wall clock, across midnight', () => {
    expect(formatShortDateTime(lateEvening, 'Europe/Moscow')).toBe('02.03 23:30');
    expect(formatShortDateTime(lateEvening, 'Asia/Vladivostok')).toBe('03.03 06:30');
    expect(formatDateTime('2026-12-31T21:05:00Z', 'Europe/Moscow')).toBe('01.01.2027 00:05');
    expect(formatDateTime('2026-12-31T21:05:00Z', 'Asia/Vladivostok')).toBe('01.01.2027 07:05');
    expect(formatDay('2026-12-31T13:59:00Z', 'Asia/Vladivostok')).toBe('31.12.2026');
    expect(formatDay('2026-12-31T14:00:00Z', 'Asia/Vladivostok')).toBe('01.01.2027');
    expect(formatDayMonth('2026-12-31T14:00:00Z', 'Europe/Moscow')).toBe('31.12');
    expect(isoDay('2026-12-31T14:00:00Z', 'Europe/Moscow')).toBe('2026-12-31');
    expect(isoDay('2026-12-31T14:00:00Z', 'Asia/Vladivostok')).toBe('2027-01-01');
    expect(formatTime(new Date('2026-03-02T21:00:00Z'), 'Europe/Moscow')).toBe('00:00');
  });

  it('uses Moscow time when no zone is given', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Europe/Moscow');
    expect(formatDateTime('2026-06-01T06:00:00Z')).toBe('01.06.2026 09:00');
  });
});

describe('numbers and money', () => {
  it('groups thousands with no-break spaces and a decimal comma in Russian, commas and a point in English', () => {
    expect(formatNumber(1234567.5)).toBe(`1${NBSP}234${NBSP}567,5`);
    expect(formatNumber(1234567.5, 'en')).toBe('1,234,567.5');
    expect(formatNumber(999)).toBe('999');
    expect(formatFixed(4.2, 'ru', 3)).toBe('4,200');
    expect(formatFixed(0.0034, 'en', 3)).toBe('0.003');
  });

  it('writes roubles with kopecks only when there are any', () => {
    expect(formatRub(1500)).toBe(`1${NBSP}500${NBSP}₽`);
    expect(formatRub(990.5)).toBe(`990,50${NBSP}₽`);
    expect(formatRub(-1500)).toBe(`-1${NBSP}500${NBSP}₽`);
    expect(formatAmount(1500.5, 'en')).toBe('1,500.50');
  });
});

describe('channel names', () => {
  it('names every channel in both languages, lower-case inside a sentence where the word is common', () => {
    expect(Object.keys(CHANNEL_NAMES)).toEqual(['sms', 'email', 'telegram', 'push']);
    expect(CHANNEL_NAMES.email).toEqual({ ru: 'Email', en: 'Email' });
    expect(['sms', 'email', 'telegram', 'push'].map((c) => channelInText(c as keyof typeof CHANNEL_NAMES))).toEqual(['SMS', 'email', 'Telegram', 'push']);
  });
});

describe('message templates', () => {
  const customers = '{n, plural, one {# клиент} few {# клиента} many {# клиентов}}';

  it('substitutes parameters and keeps unknown ones as written', () => {
    expect(formatMessage('ru', 'Привет, {name}! {missing}', { name: 'Анна' })).toBe('Привет, Анна! {missing}');
    expect(formatMessage('ru', 'Ваши {{ bonus.points }} баллов', { n: 1 })).toBe('Ваши {{ bonus.points }} баллов');
  });

  it('picks the plural branch by the language rules and formats # for the language', () => {
    expect([1, 3, 5, 21, 1500, 1.5].map((n) => formatMessage('ru', customers, { n }))).toEqual([
      '1 клиент', '3 клиента', '5 клиентов', '21 клиент', `1${NBSP}500 клиентов`, '1,5 клиента',
    ]);
    const en = '{n, plural, one {# customer} other {# customers}} in {segment}';
    expect([1, 2, 1500].map((n) => formatMessage('en', en, { n, segment: 'VIP' }))).toEqual(['1 customer in VIP', '2 customers in VIP', '1,500 customers in VIP']);
    expect(formatMessage('ru', '{n, plural, =0 {никого} one {# клиент} few {# клиента} many {# клиентов}}', { n: 0 })).toBe('никого');
  });

  it('lists the plurals a template holds', () => {
    expect(pluralsOf(`Всего ${customers}, {x}`)).toEqual([{ param: 'n', branches: ['one', 'few', 'many'] }]);
  });
});
