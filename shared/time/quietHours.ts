import { addLocalDays, parseTimeOfDay, zonedParts, zonedTimeOfDay, zonedToInstant } from './zoned';

export { isValidTimeZone, zonedParts, zonedTimeOfDay } from './zoned';

export interface QuietHours {
  start: string;
  end: string;
}

/** Is a local time of day (minutes) inside the window [start, end)? Windows may cross midnight (21:00–09:00). */
export function inQuietHours(minutes: number, quiet: QuietHours): boolean {
  const start = parseTimeOfDay(quiet.start);
  const end = parseTimeOfDay(quiet.end);
  if (start === end) return false;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/**
 * How long a message due `now` must be held so it goes out when the quiet window ends in `timeZone`:
 * 0 outside the window (or without one), else the milliseconds until the window's end.
 */
export function quietHoursDelayMs(now: Date, quiet: QuietHours | undefined, timeZone: string): number {
  if (!quiet) return 0;
  const minutes = zonedTimeOfDay(now, timeZone);
  if (!inQuietHours(minutes, quiet)) return 0;
  const end = parseTimeOfDay(quiet.end);
  const today = zonedParts(now, timeZone);
  // Inside the window and before its end today (e.g. 02:00 in 21:00–09:00): it ends today; otherwise tomorrow.
  const endDate = minutes < end ? today : addLocalDays(today, 1);
  const endAt = zonedToInstant({ ...endDate, hour: Math.floor(end / 60), minute: end % 60 }, timeZone);
  return Math.max(0, endAt.getTime() - now.getTime());
}

/** The first instant strictly after `after` when the clock in `timeZone` shows `at` ("HH:MM"): a daily trigger's next run. */
export function nextDailyRun(after: Date, at: string, timeZone: string): Date {
  const minutes = parseTimeOfDay(at);
  const today = zonedParts(after, timeZone);
  for (let d = 0; d < 3; d++) {
    const candidate = zonedToInstant({ ...addLocalDays(today, d), hour: Math.floor(minutes / 60), minute: minutes % 60 }, timeZone);
    if (candidate.getTime() > after.getTime()) return candidate;
  }
  throw new Error(`no daily run after ${after.toISOString()} at ${at} in ${timeZone}`);
}
