import { describe, expect, it } from 'vitest';
import { quietHoursDelayMs } from './quietHours';
import { atHourMoment, nextTimeOfDay, weekdaysText } from './timeOfDay';

const H = 3_600_000;
const NIGHT = { start: '21:00', end: '09:00' };
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

describe('nextTimeOfDay: "until the next Tuesday or Thursday 11:00" on the customer’s clock', () => {
  // Tuesday 10 March 2026, 10:00 in Vladivostok (UTC+10) is 00:00 UTC and 03:00 in Moscow.
  const tuesday10Vladivostok = new Date('2026-03-10T00:00:00Z');

  it('takes today’s 11:00 when today is allowed and 11:00 is still ahead, in each customer’s own zone', () => {
    expect(iso(nextTimeOfDay(tuesday10Vladivostok, '11:00', ['tue', 'thu'], 'Asia/Vladivostok'))).toBe('2026-03-10T01:00:00.000Z');
    // The same instant is 03:00 in Moscow: the Moscow customer waits until 11:00 Moscow time, seven hours later.
    expect(iso(nextTimeOfDay(tuesday10Vladivostok, '11:00', ['tue', 'thu'], 'Europe/Moscow'))).toBe('2026-03-10T08:00:00.000Z');
  });

  it('waits for the next allowed day when the run arrives exactly at the time or after it', () => {
    const exactly = new Date('2026-03-10T01:00:00Z'); // Tuesday 11:00 Vladivostok
    expect(iso(nextTimeOfDay(exactly, '11:00', ['tue', 'thu'], 'Asia/Vladivostok'))).toBe('2026-03-12T01:00:00.000Z'); // Thursday
    expect(iso(nextTimeOfDay(new Date(exactly.getTime() + 1), '11:00', ['tue', 'thu'], 'Asia/Vladivostok'))).toBe('2026-03-12T01:00:00.000Z');
    expect(iso(nextTimeOfDay(new Date(exactly.getTime() - 1), '11:00', ['tue', 'thu'], 'Asia/Vladivostok'))).toBe('2026-03-10T01:00:00.000Z');
  });

  it('a single weekday whose time has passed today comes round again in a week; no weekday means every day', () => {
    const tuesdayNoon = new Date('2026-03-10T09:00:00Z'); // 12:00 Moscow
    expect(iso(nextTimeOfDay(tuesdayNoon, '11:00', ['tue'], 'Europe/Moscow'))).toBe('2026-03-17T08:00:00.000Z');
    expect(iso(nextTimeOfDay(tuesdayNoon, '11:00', undefined, 'Europe/Moscow'))).toBe('2026-03-11T08:00:00.000Z');
    expect(iso(nextTimeOfDay(tuesdayNoon, '11:00', [], 'Europe/Moscow'))).toBe('2026-03-11T08:00:00.000Z');
    // Sunday only, from a Tuesday: five days on.
    expect(iso(nextTimeOfDay(tuesdayNoon, '11:00', ['sun'], 'Europe/Moscow'))).toBe('2026-03-15T08:00:00.000Z');
  });

  it('keeps the wall-clock time across Berlin’s spring change (the night is an hour shorter)', () => {
    const saturdayNoon = new Date('2026-03-28T11:00:00Z'); // 12:00 CET; clocks jump 02:00 → 03:00 on 29 March
    const sunday11 = nextTimeOfDay(saturdayNoon, '11:00', ['sun'], 'Europe/Berlin');
    expect(iso(sunday11)).toBe('2026-03-29T09:00:00.000Z'); // 11:00 CEST
    expect(sunday11.getTime() - saturdayNoon.getTime()).toBe(22 * H);
    // 02:30 does not exist that night: it happens at 03:30 by the clock (01:30 UTC), once.
    expect(iso(nextTimeOfDay(saturdayNoon, '02:30', undefined, 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('keeps the wall-clock time across Berlin’s autumn change, and a repeated time happens once', () => {
    const saturdayNoon = new Date('2026-10-24T10:00:00Z'); // 12:00 CEST; clocks go 03:00 → 02:00 on 25 October
    const sunday11 = nextTimeOfDay(saturdayNoon, '11:00', undefined, 'Europe/Berlin');
    expect(iso(sunday11)).toBe('2026-10-25T10:00:00.000Z'); // 11:00 CET
    expect(sunday11.getTime() - saturdayNoon.getTime()).toBe(24 * H);
    // 02:30 happens twice that night: the first time counts…
    expect(iso(nextTimeOfDay(saturdayNoon, '02:30', undefined, 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
    // …and a run arriving between the two does not wake at the second: it waits for Monday's 02:30.
    expect(iso(nextTimeOfDay(new Date('2026-10-25T00:45:00Z'), '02:30', undefined, 'Europe/Berlin'))).toBe('2026-10-26T01:30:00.000Z');
  });

  it('a message right after a wait until 22:00 is then held by quiet hours until 09:00', () => {
    const wake = nextTimeOfDay(new Date('2026-03-10T09:00:00Z'), '22:00', undefined, 'Europe/Moscow');
    expect(iso(wake)).toBe('2026-03-10T19:00:00.000Z');
    expect(quietHoursDelayMs(wake, NIGHT, 'Europe/Moscow')).toBe(11 * H);
  });

  it('names the days in the week’s order', () => {
    expect(weekdaysText(['thu', 'tue'], 'ru')).toBe('вт, чт');
    expect(weekdaysText(['sun', 'mon'], 'en')).toBe('Mon, Sun');
    expect(weekdaysText([], 'ru')).toBe('');
    expect(weekdaysText(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], 'ru')).toBe('');
  });
});

describe('atHourMoment: a message sent at the customer’s hour', () => {
  const moscow = (hhmm: string) => new Date(`2026-03-10T${hhmm}:00+03:00`);

  it('goes at once within that hour, else at the next start of it', () => {
    expect(atHourMoment(moscow('14:00'), '14:00', 'Europe/Moscow', NIGHT)).toBeNull();
    expect(atHourMoment(moscow('14:59'), '14:00', 'Europe/Moscow', NIGHT)).toBeNull();
    expect(atHourMoment(moscow('15:00'), '14:00', 'Europe/Moscow', NIGHT)).toEqual({ at: new Date('2026-03-11T14:00:00+03:00'), quiet: false });
    expect(atHourMoment(moscow('10:00'), '14:00', 'Europe/Moscow', NIGHT)).toEqual({ at: moscow('14:00'), quiet: false });
  });

  it('reads the hour on the customer’s clock: 14:00 in Vladivostok is 07:00 in Moscow', () => {
    expect(atHourMoment(moscow('06:00'), '14:00', 'Asia/Vladivostok', undefined)).toEqual({ at: moscow('07:00'), quiet: false });
  });

  it('holds an hour that falls in quiet hours until they end', () => {
    // Usually buys at 22:00; quiet 21:00–09:00: the message waits for 22:00 and then for the morning.
    expect(atHourMoment(moscow('15:00'), '22:00', 'Europe/Moscow', NIGHT)).toEqual({ at: new Date('2026-03-11T09:00:00+03:00'), quiet: true });
    // At 08:10 within an 08:00 hour, still quiet: it goes at 09:00 today.
    expect(atHourMoment(moscow('08:10'), '08:00', 'Europe/Moscow', NIGHT)).toEqual({ at: moscow('09:00'), quiet: true });
  });

  it('handles an hour that crosses midnight (a 23:30 trigger time)', () => {
    expect(atHourMoment(new Date('2026-03-11T00:10:00+03:00'), '23:30', 'Europe/Moscow', undefined)).toBeNull();
    expect(atHourMoment(new Date('2026-03-11T00:31:00+03:00'), '23:30', 'Europe/Moscow', undefined)).toEqual({ at: new Date('2026-03-11T23:30:00+03:00'), quiet: false });
  });
});
