import { zonedParts } from '../time/zoned';
import type { Lang } from './text';

/** Dates and amounts the way Russian shops write them: dd.mm, 1 500 ₽, Moscow time unless a scenario or customer says otherwise. */

export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

const NBSP = '\u00a0';
const pad = (n: number) => String(n).padStart(2, '0');
const toDate = (at: Date | string) => (typeof at === 'string' ? new Date(at) : at);

/** «03.03» in the given zone. */
export function formatDayMonth(at: Date | string, timeZone = DEFAULT_TIME_ZONE): string {
  const p = zonedParts(toDate(at), timeZone);
  return `${pad(p.day)}.${pad(p.month)}`;
}

/** «03.03.2026» in the given zone. */
export function formatDay(at: Date | string, timeZone = DEFAULT_TIME_ZONE): string {
  const p = zonedParts(toDate(at), timeZone);
  return `${pad(p.day)}.${pad(p.month)}.${p.year}`;
}

/** The calendar day in the given zone as ISO-8601, «2026-03-03»: what date inputs and report periods take. */
export function isoDay(at: Date | string, timeZone = DEFAULT_TIME_ZONE): string {
  const p = zonedParts(toDate(at), timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** «09:00» in the given zone, 24-hour clock. */
export function formatTime(at: Date | string, timeZone = DEFAULT_TIME_ZONE): string {
  const p = zonedParts(toDate(at), timeZone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** «03.03 09:00» in the given zone. */
export function formatShortDateTime(at: Date | string, timeZone = DEFAULT_TIME_ZONE): string {
  return `${formatDayMonth(at, timeZone)} ${formatTime(at, timeZone)}`;
}

/** «03.03.2026 09:00» in the given zone. */
export function formatDateTime(at: Date | string, timeZone = DEFAULT_TIME_ZONE): string {
  return `${formatDay(at, timeZone)} ${formatTime(at, timeZone)}`;
}

// Building an Intl formatter costs far more than using one: one per language and precision.
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Lang, minFraction: number, maxFraction: number): Intl.NumberFormat {
  const key = `${lang}:${minFraction}:${maxFraction}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-US', { minimumFractionDigits: minFraction, maximumFractionDigits: maxFraction });
    numberFormats.set(key, f);
  }
  return f;
}

/** ru «1 500,25» (no-break spaces between thousands, decimal comma), en "1,500.25"; at most `maxFraction` decimals. */
export function formatNumber(n: number, lang: Lang = 'ru', maxFraction = 3): string {
  return numberFormat(lang, 0, maxFraction).format(n);
}

/** Exactly `digits` decimals: «0,003», «4,20». */
export function formatFixed(n: number, lang: Lang, digits: number): string {
  return numberFormat(lang, digits, digits).format(n);
}

/** An amount of money: whole numbers as they are, anything with kopecks to two decimals («1 500», «990,50»). */
export function formatAmount(n: number, lang: Lang = 'ru'): string {
  const cents = Math.round(n * 100);
  return cents % 100 === 0 ? numberFormat(lang, 0, 0).format(cents / 100) : numberFormat(lang, 2, 2).format(cents / 100);
}

/** «1 500 ₽», «990,50 ₽» (a no-break space keeps the sign with its number). */
export function formatRub(n: number, lang: Lang = 'ru'): string {
  return `${formatAmount(n, lang)}${NBSP}₽`;
}
