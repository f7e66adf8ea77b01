/** Wall-clock arithmetic in IANA time zones with Intl only (works in browsers and in Temporal's workflow sandbox). */

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** True for a zone name (IANA, e.g. "Asia/Yekaterinburg", or UTC) the runtime knows; offsets like "+05:00" are not names. */
export function isIanaTimeZone(name: string): boolean {
  return (name.includes('/') || name === 'UTC') && isValidTimeZone(name);
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The calendar date and clock time an instant shows in a time zone. */
export function zonedParts(date: Date, timeZone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(date)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday],
  };
}

/** Minutes since local midnight (fractional, with seconds and milliseconds). */
export function zonedTimeOfDay(date: Date, timeZone: string): number {
  const p = zonedParts(date, timeZone);
  return p.hour * 60 + p.minute + (p.second + date.getUTCMilliseconds() / 1000) / 60;
}

/** UTC offset of a time zone at an instant, in milliseconds (Moscow: +3 h). */
export function zoneOffsetMs(date: Date, timeZone: string): number {
  const p = zonedParts(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (date.getTime() - date.getUTCMilliseconds());
}

/**
 * The instant a wall-clock time happens in a time zone. A time skipped by a DST jump resolves to the same clock
 * reading in the earlier offset (02:30 on a spring-forward night becomes 03:30); a repeated one to its first occurrence.
 */
export function zonedToInstant(local: { year: number; month: number; day: number; hour: number; minute: number }, timeZone: string): Date {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // Zones change offset at most once a day: the offsets a day before and after cover both sides of a transition.
  const before = guess - zoneOffsetMs(new Date(guess - 86_400_000), timeZone);
  const after = guess - zoneOffsetMs(new Date(guess + 86_400_000), timeZone);
  const reads = (t: number) => {
    const p = zonedParts(new Date(t), timeZone);
    return p.day === local.day && p.hour === local.hour && p.minute === local.minute;
  };
  const matches = [before, after].filter(reads).sort((a, b) => a - b);
  return new Date(matches.length > 0 ? matches[0] : before);
}

/** The instant the local day of `date` began in a time zone (its midnight, or the first minute after a DST jump). */
export function startOfZonedDay(date: Date, timeZone: string): Date {
  const { year, month, day } = zonedParts(date, timeZone);
  return zonedToInstant({ year, month, day, hour: 0, minute: 0 }, timeZone);
}

/** Parses "HH:MM" into minutes since midnight. */
export function parseTimeOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** The local calendar date `days` after a given one. */
export function addLocalDays(d: { year: number; month: number; day: number }, days: number) {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}
