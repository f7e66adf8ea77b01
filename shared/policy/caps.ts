import { channelInText } from '../i18n/channels';
import { plural } from '../i18n/plural';
import type { Lang } from '../i18n/text';
import type { Channel } from '../scenario/channels';
import { quietHoursDelayMs, type QuietHours } from '../time/quietHours';
import { addLocalDays, zonedParts, zonedToInstant } from '../time/zoned';

/**
 * A shop's communication caps (issue 14, first part): at most `max` messages per customer per local calendar day,
 * ISO week (Monday to Sunday) or month, over every channel or one, counted across all scenarios in the customer's
 * time zone. Pure, so the runtime, the simulation and the editor's overlap estimate decide alike.
 */
export type CapPeriod = 'day' | 'week' | 'month';

export interface Cap {
  channel: Channel | 'all';
  period: CapPeriod;
  max: number;
}

export interface SentMessage {
  at: Date;
  channel: Channel;
}

export type CapVerdict =
  | { allowed: true }
  /** Over a cap now: the first moment every cap (and quiet hours) allows, or null when that is past `latest`. */
  | { allowed: false; cap: Cap; until: Date | null };

/** The local start of the period containing `at`, and of the next one. */
export function periodBounds(at: Date, period: CapPeriod, timeZone: string): { start: Date; next: Date } {
  const p = zonedParts(at, timeZone);
  const midnight = (d: { year: number; month: number; day: number }) => zonedToInstant({ ...d, hour: 0, minute: 0 }, timeZone);
  if (period === 'day') return { start: midnight(p), next: midnight(addLocalDays(p, 1)) };
  if (period === 'week') {
    const monday = addLocalDays(p, 1 - p.weekday);
    return { start: midnight(monday), next: midnight(addLocalDays(monday, 7)) };
  }
  const first = { year: p.year, month: p.month, day: 1 };
  const following = p.month === 12 ? { year: p.year + 1, month: 1, day: 1 } : { year: p.year, month: p.month + 1, day: 1 };
  return { start: midnight(first), next: midnight(following) };
}

/** The first cap a message on `channel` at `at` would exceed, or null. */
export function exceededCap(caps: readonly Cap[], sent: readonly SentMessage[], channel: Channel, at: Date, timeZone: string): Cap | null {
  for (const cap of caps) {
    if (cap.channel !== 'all' && cap.channel !== channel) continue;
    const { start, next } = periodBounds(at, cap.period, timeZone);
    const counted = sent.filter((m) => (cap.channel === 'all' || m.channel === cap.channel) && m.at >= start && m.at < next).length;
    if (counted >= cap.max) return cap;
  }
  return null;
}

/**
 * Whether a message may go out at `now`, and if not, when it may: on the first day of the period after the exceeded
 * one, **at the local time of day it was due** (a message due at 12:00 goes at 12:00 — not at midnight, and not
 * all of a shop's deferred messages in one burst), held further by quiet hours, checked again against every cap,
 * until `latest` (the longest deferral the shop allows). Messages already sent are all that count: a deferred
 * message does not reserve its slot.
 */
export function capVerdict(
  caps: readonly Cap[],
  sent: readonly SentMessage[],
  channel: Channel,
  now: Date,
  options: { timeZone: string; quietHours?: QuietHours; latest: Date },
): CapVerdict {
  const first = exceededCap(caps, sent, channel, now, options.timeZone);
  if (!first) return { allowed: true };
  const due = zonedParts(now, options.timeZone);
  let at = now;
  let cap: Cap | null = first;
  // Each round moves past one exceeded period or one quiet window; a year of days bounds it whatever the caps say.
  for (let round = 0; cap && round < 800; round++) {
    const day = zonedParts(periodBounds(at, cap.period, options.timeZone).next, options.timeZone);
    at = zonedToInstant({ year: day.year, month: day.month, day: day.day, hour: due.hour, minute: due.minute }, options.timeZone);
    at = new Date(at.getTime() + quietHoursDelayMs(at, options.quietHours, options.timeZone));
    if (at > options.latest) return { allowed: false, cap: first, until: null };
    cap = exceededCap(caps, sent, channel, at, options.timeZone);
  }
  return { allowed: false, cap: first, until: cap ? null : at };
}

const PERIOD_WORDS: Record<CapPeriod, { ru: string; en: string }> = {
  day: { ru: 'в день', en: 'a day' },
  week: { ru: 'в неделю', en: 'a week' },
  month: { ru: 'в месяц', en: 'a month' },
};

/** «1 сообщение в день по всем каналам», «2 SMS в неделю»; "1 message a day on all channels", "2 SMS a week". */
export function capInWords(cap: Cap, lang: Lang = 'ru'): string {
  const period = PERIOD_WORDS[cap.period][lang];
  if (cap.channel === 'all') {
    return lang === 'ru'
      ? `${cap.max} ${plural('ru', cap.max, ['сообщение', 'сообщения', 'сообщений'])} ${period} по всем каналам`
      : `${cap.max} ${plural('en', cap.max, ['message', 'messages'])} ${period} on all channels`;
  }
  const name = channelInText(cap.channel, lang);
  if (cap.channel === 'sms') return `${cap.max} ${name} ${period}`;
  return lang === 'ru'
    ? `${cap.max} ${plural('ru', cap.max, ['сообщение', 'сообщения', 'сообщений'])} (${name}) ${period}`
    : `${cap.max} ${name} ${plural('en', cap.max, ['message', 'messages'])} ${period}`;
}
