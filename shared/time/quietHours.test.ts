import { describe, expect, it } from 'vitest';
import { inQuietHours, nextDailyRun, quietHoursDelayMs } from './quietHours';
import { isValidTimeZone, zonedParts, zonedToInstant } from './zoned';

const H = 3_600_000;
const NIGHT = { start: '21:00', end: '09:00' };

describe('quietHoursDelayMs', () => {
  it('holds a message due at 22:30 Moscow time until 09:00 the next morning', () => {
    expect(quietHoursDelayMs(new Date('2026-03-10T19:30:00Z'), NIGHT, 'Europe/Moscow')).toBe(10.5 * H);
  });

  it('holds a message due at 02:00 until 09:00 the same morning (window across midnight)', () => {
    expect(quietHoursDelayMs(new Date('2026-03-10T23:00:00Z'), NIGHT, 'Europe/Moscow')).toBe(7 * H);
  });

  it('sends at once outside the window, at its end, and without a window', () => {
    expect(quietHoursDelayMs(new Date('2026-03-10T07:00:00Z'), NIGHT, 'Europe/Moscow')).toBe(0); // 10:00
    expect(quietHoursDelayMs(new Date('2026-03-10T06:00:00Z'), NIGHT, 'Europe/Moscow')).toBe(0); // 09:00 exactly
    expect(quietHoursDelayMs(new Date('2026-03-10T17:59:59Z'), NIGHT, 'Europe/Moscow')).toBe(0); // 20:59:59
    expect(quietHoursDelayMs(new Date('2026-03-10T18:00:00Z'), NIGHT, 'Europe/Moscow')).toBe(12 * H); // 21:00 exactly
    expect(quietHoursDelayMs(new Date('2026-03-10T19:30:00Z'), undefined, 'Europe/Moscow')).toBe(0);
  });

  it('uses the given zone: the same instant is quiet in Moscow and not in Berlin', () => {
    const at = new Date('2026-03-10T18:30:00Z'); // 21:30 Moscow, 19:30 Berlin
    expect(quietHoursDelayMs(at, NIGHT, 'Europe/Moscow')).toBe(11.5 * H);
    expect(quietHoursDelayMs(at, NIGHT, 'Europe/Berlin')).toBe(0);
  });

  it('counts real hours across a DST change in Berlin (the spring night is an hour shorter)', () => {
    // 28 March 2026 22:00 CET; clocks jump 02:00 → 03:00 on 29 March; 09:00 CEST is 07:00 UTC.
    expect(quietHoursDelayMs(new Date('2026-03-28T21:00:00Z'), NIGHT, 'Europe/Berlin')).toBe(10 * H);
    // Autumn: 24 October 22:00 CEST to 25 October 09:00 CET is 12 hours.
    expect(quietHoursDelayMs(new Date('2026-10-24T20:00:00Z'), NIGHT, 'Europe/Berlin')).toBe(12 * H);
  });

  it('handles a window within one day', () => {
    const lunch = { start: '13:00', end: '14:00' };
    expect(quietHoursDelayMs(new Date('2026-03-10T10:15:00Z'), lunch, 'Europe/Moscow')).toBe(45 * 60_000); // 13:15
    expect(quietHoursDelayMs(new Date('2026-03-10T11:00:00Z'), lunch, 'Europe/Moscow')).toBe(0); // 14:00
  });
});

describe('inQuietHours', () => {
  it('treats start as inside and end as outside', () => {
    expect(inQuietHours(21 * 60, NIGHT)).toBe(true);
    expect(inQuietHours(9 * 60, NIGHT)).toBe(false);
    expect(inQuietHours(8 * 60 + 59, NIGHT)).toBe(true);
    expect(inQuietHours(12 * 60, { start: '10:00', end: '10:00' })).toBe(false);
  });
});

describe('nextDailyRun', () => {
  it('finds the next 10:00 in Moscow, today or tomorrow', () => {
    expect(nextDailyRun(new Date('2026-03-10T05:00:00Z'), '10:00', 'Europe/Moscow').toISOString()).toBe('2026-03-10T07:00:00.000Z');
    expect(nextDailyRun(new Date('2026-03-10T07:00:00Z'), '10:00', 'Europe/Moscow').toISOString()).toBe('2026-03-11T07:00:00.000Z');
  });

  it('follows the DST change in Berlin', () => {
    expect(nextDailyRun(new Date('2026-03-28T12:00:00Z'), '10:00', 'Europe/Berlin').toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(nextDailyRun(new Date('2026-03-27T12:00:00Z'), '10:00', 'Europe/Berlin').toISOString()).toBe('2026-03-28T09:00:00.000Z');
  });
});

describe('zoned time', () => {
  it('resolves a wall-clock time skipped by DST forward and a repeated one to its first occurrence', () => {
    expect(zonedToInstant({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedToInstant({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads calendar parts in a zone and recognises IANA names', () => {
    expect(zonedParts(new Date('2026-12-31T21:30:00Z'), 'Europe/Moscow')).toMatchObject({ year: 2027, month: 1, day: 1, hour: 0, minute: 30 });
    expect(isValidTimeZone('Asia/Yekaterinburg')).toBe(true);
    expect(isValidTimeZone('Moscow/Russia')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
