import { DEFAULT_TIME_ZONE, formatDateTime, formatDay, formatRub } from '../i18n/format';
import type { Lang } from '../i18n';

/** "29.11.2026 10:00 (через 6 дн.)": a wake-up time with how far away it is. */
export function formatWake(iso: string, now: Date, lang: Lang, timeZone = DEFAULT_TIME_ZONE): string {
  const ms = new Date(iso).getTime() - now.getTime();
  const hours = Math.round(Math.abs(ms) / 3_600_000);
  const span = hours >= 48 ? (lang === 'ru' ? `${Math.round(hours / 24)} дн.` : `${Math.round(hours / 24)} d`) : lang === 'ru' ? `${hours} ч` : `${hours} h`;
  const rel = ms >= 0 ? (lang === 'ru' ? `через ${span}` : `in ${span}`) : lang === 'ru' ? `${span} назад` : `${span} ago`;
  return `${formatDateTime(iso, timeZone)} (${rel})`;
}

export function formatPhone(phone: string | null): string {
  const m = phone?.match(/^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/);
  return m ? `+7 ${m[1]} ${m[2]}-${m[3]}-${m[4]}` : (phone ?? '');
}

export const formatMoney = (n: number): string => formatRub(n);

export const formatDate = (iso: string, timeZone = DEFAULT_TIME_ZONE): string => formatDay(iso, timeZone);

/** "v1 → v2": the version a run entered with and each version a move plan took it to; "v1" when it never moved. */
export const formatVersions = (run: { version: number; movedTo: number[] }): string => [run.version, ...run.movedTo].map((v) => `v${v}`).join(' → ');
