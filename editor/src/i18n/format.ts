/** Dates and money the way Russian shops write them: dd.mm, 1 500 ₽, Moscow time unless the scenario says otherwise. */

export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

export function formatDayMonth(iso: string, timeZone = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', timeZone }).format(new Date(iso));
}

export function formatDateTime(iso: string, timeZone = DEFAULT_TIME_ZONE): string {
  const d = new Date(iso);
  const date = new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone }).format(d);
  const time = new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit', timeZone }).format(d);
  return `${date} ${time}`;
}

export function formatShortDateTime(iso: string, timeZone = DEFAULT_TIME_ZONE): string {
  const d = new Date(iso);
  const time = new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit', timeZone }).format(d);
  return `${formatDayMonth(iso, timeZone)} ${time}`;
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat('ru-RU').format(n);
}

export function formatRub(n: number): string {
  return `${formatNumber(n)} ₽`;
}
