/** Phrases for the run journal, in the words support staff use. Pure; runs inside the workflow sandbox. */

/** Russian plural form: plural(5, ['день', 'дня', 'дней']) → 'дней'. */
export function plural(n: number, forms: [string, string, string]): string {
  const abs = Math.abs(n) % 100;
  const last = abs % 10;
  if (abs > 10 && abs < 20) return forms[2];
  if (last === 1) return forms[0];
  if (last >= 2 && last <= 4) return forms[1];
  return forms[2];
}

// Building an Intl formatter costs far more than using one: one per zone.
const formats = new Map<string, Intl.DateTimeFormat>();

function parts(at: Date, timeZone: string): Record<string, string> {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('ru-RU', { timeZone, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, format);
  }
  const out: Record<string, string> = {};
  for (const p of format.formatToParts(at)) out[p.type] = p.value;
  return out;
}

/** «09:00» in the given zone. */
export function timeIn(at: Date, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** «12.12 09:00» in the given zone. */
export function dateTimeIn(at: Date, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${p.day}.${p.month} ${p.hour}:${p.minute}`;
}

/** «1 500 ₽» */
export function rubles(amount: number): string {
  const [int, frac] = amount.toFixed(2).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${grouped}${frac === '00' ? '' : ',' + frac}\u00a0₽`;
}

export const CHANNEL_WORDS: Record<string, string> = { sms: 'SMS', email: 'email', telegram: 'Telegram', push: 'push' };
