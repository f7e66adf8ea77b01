import { zonedParts } from '../time/zoned';

/** Formatting for message texts: dates in the customer's zone, roubles, Russian plurals. Deterministic (no locale data). */

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
export function formatDate(value: unknown, format: string, timeZone: string, lang: 'ru' | 'en'): string {
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

const NBSP = '\u00a0';

/** Groups thousands: ru «1 500,5» (no-break spaces, decimal comma), en "1,500.5". */
export function formatNumber(value: number, lang: 'ru' | 'en'): string {
  const negative = value < 0;
  const [int, frac] = Math.abs(value).toFixed(2).replace(/\.?0+$/, '').split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'ru' ? NBSP : ',');
  return (negative ? '-' : '') + grouped + (frac ? (lang === 'ru' ? ',' : '.') + frac.padEnd(2, '0') : '');
}

/** «1 500 ₽», «1 500,50 ₽»; '' for a value that is not a number. */
export function formatRub(value: unknown, lang: 'ru' | 'en'): string {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return '';
  return `${formatNumber(n, lang)}${NBSP}₽`;
}

/** Which Russian form fits a number: 1 балл, 2 балла, 5 баллов, 21 балл, 1,5 балла. */
export function ruPluralForm(n: number): 'one' | 'few' | 'many' {
  if (!Number.isInteger(n)) return 'few';
  const abs = Math.abs(n);
  const mod10 = abs % 10;
  const mod100 = abs % 100;
  if (mod10 === 1 && mod100 !== 11) return 'one';
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return 'few';
  return 'many';
}

/** "5 баллов" from three Russian forms (one, few, many), or "5 points" from two (one, other). */
export function pluralize(value: unknown, forms: string[], lang: 'ru' | 'en'): string {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return '';
  let word: string;
  if (forms.length >= 3) {
    const form = ruPluralForm(n);
    word = form === 'one' ? forms[0] : form === 'few' ? forms[1] : forms[2];
  } else {
    word = n === 1 ? (forms[0] ?? '') : (forms[1] ?? forms[0] ?? '');
  }
  return `${formatNumber(n, lang)} ${word}`.trimEnd();
}
