/** Turning spreadsheet cells, as people fill them in Russia, into the values the ingest records expect. */

export type Cell = string | number | boolean | Date | null;

export function isBlank(cell: Cell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/** "1 234,50", "1234.5", 1234.5 → 1234.5; null when it is not a number. */
export function parseDecimal(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell !== 'string') return null;
  let text = cell.replace(/[\s\u00a0\u202f]/g, '').replace(/(₽|руб\.?|р\.?)$/i, '');
  if (text.includes(',') && text.includes('.')) text = text.replace(/\./g, '');
  text = text.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}

const YES = new Set(['да', 'д', 'yes', 'y', 'true', '1', '+', 'x', 'х', 'подписан', 'подписана', 'есть']);
const NO = new Set(['нет', 'н', 'no', 'n', 'false', '0', '-', 'не подписан', 'не подписана', 'отписан', 'отписана']);

export function parseBoolean(cell: Cell): boolean | null {
  if (typeof cell === 'boolean') return cell;
  if (typeof cell === 'number') return cell === 1 ? true : cell === 0 ? false : null;
  if (typeof cell !== 'string') return null;
  const text = cell.trim().toLowerCase();
  return YES.has(text) ? true : NO.has(text) ? false : null;
}

/**
 * "31.12.2024", "31.12.2024 18:30", "2024-12-31", ISO with an offset, or a spreadsheet date cell → ISO instant.
 * Dates without an offset are wall-clock times in `timeZone`; a spreadsheet date cell carries the wall-clock time
 * in its UTC fields (that is how the XLSX reader hands them over).
 */
export function parseDateTime(cell: Cell, timeZone: string): string | null {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return null;
    return zonedToUtc(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate(), cell.getUTCHours(), cell.getUTCMinutes(), cell.getUTCSeconds(), timeZone);
  }
  if (typeof cell !== 'string') return null;
  const text = cell.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  let parts: number[];
  if (ru) {
    const year = ru[3].length === 2 ? 2000 + Number(ru[3]) : Number(ru[3]);
    parts = [year, Number(ru[2]), Number(ru[1]), Number(ru[4] ?? 0), Number(ru[5] ?? 0), Number(ru[6] ?? 0)];
  } else if (iso) {
    parts = [Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[4] ?? 0), Number(iso[5] ?? 0), Number(iso[6] ?? 0)];
  } else return null;
  const [y, mo, d, h, mi, s] = parts;
  const check = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return zonedToUtc(y, mo, d, h, mi, s, timeZone);
}

/** The UTC instant of a wall-clock time in an IANA zone (the offset looked up for that very moment). */
export function zonedToUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, timeZone: string): string {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  const offset = offsetAt(guess, timeZone);
  const first = guess - offset;
  // A second pass settles wall times near an offset change.
  const settled = guess - offsetAt(first, timeZone);
  return new Date(settled).toISOString();
}

// Building a DateTimeFormat costs far more than using one, and an import asks for the same zone for every row.
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const OFFSET = /GMT(?:([+-])(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** The zone's offset from UTC at that instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  const [, sign, hours, minutes, seconds] = OFFSET.exec(format.format(instant)) ?? [];
  if (!sign) return 0;
  const ms = ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds ?? 0)) * 1000;
  return sign === '-' ? -ms : ms;
}

/** A cell as text: numbers without exponent or grouping (phone numbers and ids arrive as numbers from Excel). */
export function cellText(cell: Cell): string | null {
  if (cell === null) return null;
  if (typeof cell === 'string') return cell.trim() === '' ? null : cell.trim();
  if (typeof cell === 'number') return Number.isInteger(cell) ? BigInt(cell).toString() : String(cell);
  if (typeof cell === 'boolean') return cell ? 'да' : 'нет';
  return cell.toISOString();
}
