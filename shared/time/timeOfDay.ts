import { quietHoursDelayMs, type QuietHours } from './quietHours';
import { addLocalDays, parseTimeOfDay, zonedParts, zonedTimeOfDay, zonedToInstant } from './zoned';

/** Days of the week as scenario documents name them, Monday first (ISO order: index + 1 is the ISO weekday). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WEEKDAY_NAMES: Record<Weekday, { ru: string; en: string }> = {
  mon: { ru: 'пн', en: 'Mon' },
  tue: { ru: 'вт', en: 'Tue' },
  wed: { ru: 'ср', en: 'Wed' },
  thu: { ru: 'чт', en: 'Thu' },
  fri: { ru: 'пт', en: 'Fri' },
  sat: { ru: 'сб', en: 'Sat' },
  sun: { ru: 'вс', en: 'Sun' },
};

/** «вт, чт» in the week's order; empty for every day (none, or all seven). */
export function weekdaysText(weekdays: readonly Weekday[] | undefined, lang: 'ru' | 'en'): string {
  const set = new Set(weekdays ?? []);
  if (set.size === 0 || set.size === 7) return '';
  return WEEKDAYS.filter((w) => set.has(w)).map((w) => WEEKDAY_NAMES[w][lang]).join(', ');
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
function isoWeekday(d: { year: number; month: number; day: number }): number {
  return ((new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7) + 1;
}

/**
 * The first instant strictly after `after` when the clock in `timeZone` shows `time` ("HH:MM") on one of `weekdays`
 * (none or empty: any day). A run that arrives exactly at the time, or later that day, waits for the next eligible
 * day. DST as in zonedToInstant: a time the spring-forward jump skips happens an hour later by the clock (02:30 →
 * 03:30), a time the autumn night repeats happens at its first occurrence, never twice.
 */
export function nextTimeOfDay(after: Date, time: string, weekdays: readonly Weekday[] | undefined, timeZone: string): Date {
  const minutes = parseTimeOfDay(time);
  const allowed = weekdays && weekdays.length > 0 ? new Set(weekdays.map((w) => WEEKDAYS.indexOf(w) + 1)) : null;
  const today = zonedParts(after, timeZone);
  // Today's time may have passed: the same weekday a week on is the last candidate.
  for (let d = 0; d <= 7; d++) {
    const date = addLocalDays(today, d);
    if (allowed && !allowed.has(isoWeekday(date))) continue;
    const candidate = zonedToInstant({ ...date, hour: Math.floor(minutes / 60), minute: minutes % 60 }, timeZone);
    if (candidate.getTime() > after.getTime()) return candidate;
  }
  throw new Error(`no moment after ${after.toISOString()} at ${time} on ${weekdays?.join(',')} in ${timeZone}`);
}

/**
 * When a message due `now` goes out at a customer's hour: at once when the customer's clock is within the hour that
 * starts at `time` ("14:00" → 14:00–14:59), else at the next `time`; either moment is then held past quiet hours
 * (`quiet`: they moved it). Null when it may go now.
 */
export function atHourMoment(now: Date, time: string, timeZone: string, quietHours: QuietHours | undefined): { at: Date; quiet: boolean } | null {
  const start = parseTimeOfDay(time);
  const sinceStart = (zonedTimeOfDay(now, timeZone) - start + 1440) % 1440;
  const due = sinceStart < 60 ? now : nextTimeOfDay(now, time, undefined, timeZone);
  const quiet = quietHoursDelayMs(due, quietHours, timeZone);
  const at = new Date(due.getTime() + quiet);
  return at.getTime() > now.getTime() ? { at, quiet: quiet > 0 } : null;
}

const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * The moment a «until a date» wait wakes: `time` on the customer's clock, `offsetDays` after a date. For a birthday
 * ("YYYY-MM-DD" of birth) it is the first such moment strictly after `after` among the birthdays of last year, this
 * year and next (29 February kept on 28 February in other years). For an event's instant, the local date of that
 * instant; that moment may have passed (null then: nothing to wait for).
 */
export function dateMoment(
  source: { birthday: string } | { at: Date },
  offsetDays: number,
  time: string,
  after: Date,
  timeZone: string,
): Date | null {
  const minutes = parseTimeOfDay(time);
  const at = (date: { year: number; month: number; day: number }) => {
    const d = addLocalDays(date, offsetDays);
    return zonedToInstant({ ...d, hour: Math.floor(minutes / 60), minute: minutes % 60 }, timeZone);
  };
  if ('at' in source) {
    const moment = at(zonedParts(source.at, timeZone));
    return moment.getTime() > after.getTime() ? moment : null;
  }
  const [, month, day] = source.birthday.split('-').map(Number);
  const year = zonedParts(after, timeZone).year;
  for (const y of [year - 1, year, year + 1]) {
    const moment = at({ year: y, month, day: month === 2 && day === 29 && !isLeapYear(y) ? 28 : day });
    if (moment.getTime() > after.getTime()) return moment;
  }
  return null;
}
