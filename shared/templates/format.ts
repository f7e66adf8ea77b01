import { formatAmount, formatRub as rub } from '../i18n/format';
import { plural } from '../i18n/plural';
import type { Lang } from '../i18n/text';
import { zonedParts } from '../time/zoned';

/** The Liquid filters' formatting: strftime dates in the customer's zone; numbers, roubles and plurals as everywhere (shared/i18n). */

const MONTHS_GENITIVE_RU = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
const MONTHS_SHORT_RU = ['янв', 'фев', 'мар', 'апр', 'мая', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS_RU = ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'];
const WEEKDAYS_SHORT_RU = ['пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'];
const WEEKDAYS_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * strftime-style formatting in a time zone: %d %e %m %y %Y %H %M %S %B (ru: «декабря») %b %A %a %%.
 * Returns '' for a value that is not a date.
 */
export function formatDate(value: unknown, format: string, timeZone: string, lang: Lang): string {
  const date = toDate(value);
  if (!date) return '';
  const p = zonedParts(date, timeZone);
  return format.replace(/%([a-zA-Z%])/g, (whole, c: string) => {
    switch (c) {
      case 'd': return pad(p.day);
      case 'e': return String(p.day);
      case 'm': return pad(p.month);
      case 'y': return pad(p.year % 100);
      case 'Y': return String(p.year);
      case 'H': return pad(p.hour);
      case 'M': return pad(p.minute);
      case 'S': return pad(p.second);
      case 'B': return lang === 'ru' ? MONTHS_GENITIVE_RU[p.month - 1] : MONTHS_EN[p.month - 1];
      case 'b': return lang === 'ru' ? MONTHS_SHORT_RU[p.month - 1] : MONTHS_EN[p.month - 1].slice(0, 3);
      case 'A': return (lang === 'ru' ? WEEKDAYS_RU : WEEKDAYS_EN)[p.weekday - 1];
      case 'a': return lang === 'ru' ? WEEKDAYS_SHORT_RU[p.weekday - 1] : WEEKDAYS_EN[p.weekday - 1].slice(0, 3);
      case '%': return '%';
      default: return whole;
    }
  });
}

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string') {
    if (value === 'now' || value === 'today') return new Date();
    if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value);
  return null;
}

/** Groups thousands: ru «1 500,5» (no-break spaces, decimal comma), en "1,500.5"; kopecks, when any, to two decimals. */
export function formatNumber(value: number, lang: Lang): string {
  return formatAmount(value, lang);
}

const toNumber = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

/** «1 500 ₽», «1 500,50 ₽»; '' for a value that is not a number. */
export function formatRub(value: unknown, lang: Lang): string {
  const n = toNumber(value);
  return typeof n === 'number' && Number.isFinite(n) ? rub(n, lang) : '';
}

/** "5 баллов" from three Russian forms (one, few, many), or "5 points" from two (one, other); '' for a value that is not a number. */
export function pluralize(value: unknown, forms: string[], lang: Lang): string {
  const n = toNumber(value);
  if (typeof n !== 'number' || !Number.isFinite(n)) return '';
  const word =
    forms.length >= 3
      ? plural('ru', n, [forms[0], forms[1], forms[2]])
      : plural('en', n, [forms[0] ?? '', forms[1] ?? forms[0] ?? '']);
  return `${formatAmount(n, lang)} ${word}`.trimEnd();
}
