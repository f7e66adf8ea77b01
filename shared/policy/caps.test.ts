import { describe, expect, it } from 'vitest';
import { capVerdict, exceededCap, periodBounds, type Cap } from './caps';

const MSK = 'Europe/Moscow';
const at = (iso: string) => new Date(iso);
const email = (iso: string) => ({ at: at(iso), channel: 'email' as const });
const DAY = 86_400_000;

describe('periodBounds: local calendar periods', () => {
  it('days, ISO weeks and months begin at local midnight', () => {
    // Wednesday 2 December 2026, 01:30 in Moscow (22:30 UTC the day before).
    const t = at('2026-12-01T22:30:00Z');
    expect(periodBounds(t, 'day', MSK)).toEqual({ start: at('2026-12-01T21:00:00Z'), next: at('2026-12-02T21:00:00Z') });
    expect(periodBounds(t, 'week', MSK)).toEqual({ start: at('2026-11-29T21:00:00Z'), next: at('2026-12-06T21:00:00Z') });
    expect(periodBounds(t, 'month', MSK)).toEqual({ start: at('2026-11-30T21:00:00Z'), next: at('2026-12-31T21:00:00Z') });
    expect(periodBounds(at('2026-12-20T10:00:00Z'), 'month', MSK).next).toEqual(at('2026-12-31T21:00:00Z'));
  });
});

describe('caps across scenarios', () => {
  const caps: Cap[] = [
    { channel: 'all', period: 'day', max: 1 },
    { channel: 'all', period: 'week', max: 2 },
  ];

  it('counts the customer’s messages in the local period only', () => {
    // Sent at 23:30 Moscow on Tuesday: a message at 00:30 on Wednesday is another day.
    const sent = [email('2026-12-01T20:30:00Z')];
    expect(exceededCap(caps, sent, 'email', at('2026-12-01T21:30:00Z'), MSK)).toBeNull();
    expect(exceededCap(caps, sent, 'email', at('2026-12-01T20:45:00Z'), MSK)).toEqual(caps[0]);
  });

  it('defers to the same local time on the first day every cap allows; with the week full, to next Monday', () => {
    const latest = new Date(at('2026-12-02T09:00:00Z').getTime() + 14 * DAY);
    // Monday sent one; Monday 15:00 Moscow another is due: tomorrow 15:00.
    const monday = [email('2026-11-30T09:00:00Z')];
    expect(capVerdict(caps, monday, 'sms', at('2026-11-30T12:00:00Z'), { timeZone: MSK, latest })).toEqual({
      allowed: false,
      cap: caps[0],
      until: at('2026-12-01T12:00:00Z'),
    });
    // Monday and Tuesday sent: the week is full; Wednesday 12:00 Moscow waits for Monday 7 December, 12:00.
    const twice = [...monday, email('2026-12-01T09:00:00Z')];
    expect(capVerdict(caps, twice, 'email', at('2026-12-02T09:00:00Z'), { timeZone: MSK, latest })).toMatchObject({ allowed: false, until: at('2026-12-07T09:00:00Z') });
  });

  it('a deferred time that falls inside quiet hours moves to their end', () => {
    // Quiet 21:00–09:00; due at 22:00 Moscow on Monday (held in another zone), over the day: Tuesday 22:00 is quiet,
    // so Wednesday 09:00.
    const quietHours = { start: '21:00', end: '09:00' };
    const sent = [email('2026-11-30T09:00:00Z')];
    expect(capVerdict(caps, sent, 'email', at('2026-11-30T19:00:00Z'), { timeZone: MSK, quietHours, latest: at('2027-01-01T00:00:00Z') })).toMatchObject({ until: at('2026-12-02T06:00:00Z') });
    expect(capVerdict(caps, sent, 'email', at('2026-11-30T19:00:00Z'), { timeZone: MSK, latest: at('2027-01-01T00:00:00Z') })).toMatchObject({ until: at('2026-12-01T19:00:00Z') });
  });

  it('gives up (until null) when the first allowed moment is past the longest deferral', () => {
    const twice = [email('2026-11-30T09:00:00Z'), email('2026-12-01T09:00:00Z')];
    const latest = at('2026-12-04T00:00:00Z');
    expect(capVerdict(caps, twice, 'email', at('2026-12-02T09:00:00Z'), { timeZone: MSK, latest })).toEqual({ allowed: false, cap: caps[1], until: null });
  });

  it('a per-channel cap leaves other channels alone', () => {
    const smsOnly: Cap[] = [{ channel: 'sms', period: 'week', max: 1 }];
    const sent = [{ at: at('2026-11-30T09:00:00Z'), channel: 'sms' as const }];
    expect(capVerdict(smsOnly, sent, 'email', at('2026-12-01T09:00:00Z'), { timeZone: MSK, latest: at('2027-01-01T00:00:00Z') })).toEqual({ allowed: true });
    expect(capVerdict(smsOnly, sent, 'sms', at('2026-12-01T09:00:00Z'), { timeZone: MSK, latest: at('2027-01-01T00:00:00Z') })).toMatchObject({ until: at('2026-12-07T09:00:00Z') });
  });

  it('Vladivostok counts its own days', () => {
    const daily: Cap[] = [{ channel: 'all', period: 'day', max: 1 }];
    // 23:00 UTC is 09:00 the next day in Vladivostok (UTC+10) but 02:00 in Moscow.
    const sent = [email('2026-12-01T12:00:00Z')]; // 22:00 Vladivostok, 15:00 Moscow
    const t = at('2026-12-01T23:00:00Z');
    expect(exceededCap(daily, sent, 'email', t, 'Asia/Vladivostok')).toBeNull();
    expect(exceededCap(daily, sent, 'email', t, MSK)).toBeNull();
    expect(exceededCap(daily, sent, 'email', at('2026-12-01T13:00:00Z'), 'Asia/Vladivostok')).toEqual(daily[0]);
  });
});
