import { describe, expect, it } from 'vitest';
import { USUAL_HOUR_LAST_ORDERS, usualOrderHour } from './usualHour';

const newestFirst = (...iso: string[]) => iso.map((s) => new Date(s)).sort((a, b) => b.getTime() - a.getTime());

describe('usualOrderHour: the hour a customer usually buys at', () => {
  it('needs at least three orders', () => {
    expect(usualOrderHour(newestFirst('2026-01-05T14:10:00+03:00', '2026-01-12T14:40:00+03:00'), 'Europe/Moscow')).toBeNull();
    expect(usualOrderHour([], 'Europe/Moscow')).toBeNull();
  });

  it('is the most frequent local hour, read in the customer’s zone', () => {
    const orders = newestFirst('2026-01-05T14:10:00+03:00', '2026-01-12T14:40:00+03:00', '2026-01-20T19:05:00+03:00', '2026-02-02T14:59:00+03:00');
    expect(usualOrderHour(orders, 'Europe/Moscow')).toBe(14);
    // The same instants are 21:xx in Vladivostok.
    expect(usualOrderHour(orders, 'Asia/Vladivostok')).toBe(21);
  });

  it('breaks a tie by the most recent order', () => {
    const orders = newestFirst('2026-01-05T10:00:00+03:00', '2026-01-06T18:00:00+03:00', '2026-01-07T10:30:00+03:00', '2026-01-08T18:30:00+03:00');
    expect(usualOrderHour(orders, 'Europe/Moscow')).toBe(18);
  });

  it('counts wall-clock hours across a DST change (Berlin, March)', () => {
    // 14:xx local before and after the change: 13:xx UTC, then 12:xx UTC.
    const orders = newestFirst('2026-03-20T13:15:00Z', '2026-03-27T13:20:00Z', '2026-04-03T12:25:00Z', '2026-04-10T12:30:00Z', '2026-04-11T08:00:00Z');
    expect(usualOrderHour(orders, 'Europe/Berlin')).toBe(14);
  });

  it('looks at the latest orders only', () => {
    const old = Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2025, 0, 1 + i, 6))); // 09:00 Moscow, long ago
    const recent = Array.from({ length: USUAL_HOUR_LAST_ORDERS }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i, 17))); // 20:00 Moscow
    expect(usualOrderHour([...recent.reverse(), ...old.reverse()], 'Europe/Moscow')).toBe(20);
  });
});
