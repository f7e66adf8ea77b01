import type ExcelJS from 'exceljs';
import { zoneOffsetMs } from '../../shared/time/zoned';

/**
 * How a column's values are written:
 * - `text` (default): as is (formula-looking text neutralised, see `formulaSafe`);
 * - `integer`, `number`: numbers (`number` keeps two decimals);
 * - `money`: roubles with kopecks (`# ##0,00 ₽` in Excel);
 * - `percent`: a value on the 0–100 scale (15.3 means 15.3 %), a real percentage cell in Excel;
 * - `date`, `datetime`: a `Date` or ISO string, shown as wall time in `timeZone` (Europe/Moscow by default).
 */
export type ColumnFormat = 'text' | 'integer' | 'number' | 'money' | 'percent' | 'date' | 'datetime';

export type TableCell = string | number | boolean | Date | null | undefined;

export const cellOf = (row: object, key: string) => (row as Record<string, TableCell>)[key];

export const NUMBER_FORMATS: Record<ColumnFormat, string | undefined> = {
  text: undefined,
  integer: '#,##0',
  number: '#,##0.00',
  money: '#,##0.00 "₽"',
  percent: '0.0%',
  date: 'dd.mm.yyyy',
  datetime: 'dd.mm.yyyy hh:mm',
};

// OWASP CSV injection: a spreadsheet runs a cell that starts with = + - @ (Excel also reads the full-width forms
// that East Asian input methods type), and TAB or CR let a payload hide behind them. Leading whitespace is looked
// through too: spreadsheets and CSV importers may trim it.
const FORMULA_START = /^[\t\r]|^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;
// A sign and digits only ("+79123456789", "-150") is read as a number, never as a formula: left as it is, so phone
// numbers don't come out with a quote in front.
const SIGNED_NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

/**
 * Text as a spreadsheet must show it, never run it: a value that a spreadsheet would take for a formula gets a
 * leading `'` (the mark Excel itself uses for "this is text"). Customer names, emails and cities come from ingest,
 * so anyone who can create a customer could otherwise plant `=HYPERLINK(…)` in a marketer's export.
 */
export function formulaSafe(text: string): string {
  return FORMULA_START.test(text) && !SIGNED_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * One CSV field, quoted where needed, for Russian Excel: decimal comma, dd.mm.yyyy [hh:mm] wall time, да/нет, text
 * made formula-safe.
 */
export function csvCell(value: TableCell, format: ColumnFormat, timeZone: string): string {
  if (value === undefined || value === null) return '';
  if (format === 'date' || format === 'datetime') {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) return csvText(String(value));
    const wall = wallTime(date, timeZone);
    const day = `${pad(wall.getUTCDate())}.${pad(wall.getUTCMonth() + 1)}.${wall.getUTCFullYear()}`;
    return format === 'date' ? day : `${day} ${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    const digits = format === 'integer' ? 0 : format === 'text' ? undefined : 2;
    const text = digits === undefined ? String(value) : value.toFixed(digits);
    // Russian Excel reads "12,5" as a number and "12.5" as text (or a date). We write numbers from numbers, so
    // "-150,00" is a negative amount, not a formula.
    return text.replace('.', ',');
  }
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  return value instanceof Date ? value.toISOString() : csvText(value);
}

/** One XLSX cell: typed numbers, percentages and wall-time dates; text always a string cell (never a formula). */
export function xlsxCell(value: TableCell, format: ColumnFormat, timeZone: string): ExcelJS.CellValue {
  if (value === undefined || value === null) return null;
  if (format === 'date' || format === 'datetime') {
    const date = value instanceof Date ? value : new Date(String(value));
    // Excel cells have no time zone: store the wall time the reader expects to see.
    return Number.isNaN(date.getTime()) ? formulaSafe(String(value)) : wallTime(date, timeZone);
  }
  if (format === 'percent' && typeof value === 'number') return Number.isFinite(value) ? value / 100 : null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  // Still neutralised, although exceljs writes a string as a string: a user who saves the sheet as CSV gets the
  // text back without its cell type.
  return value instanceof Date ? value.toISOString() : formulaSafe(value);
}

/** `;`-separated CSV quoting: quoted when it holds a quote, separator or line break, or starts or ends with space. */
export function csvField(text: string): string {
  return /[";\r\n]/.test(text) || /^\s|\s$/.test(text) ? quoted(text) : text;
}

/** Text from a cell: neutralised text is always quoted, as OWASP advises, so no reader splits or trims it. */
function csvText(text: string): string {
  const safe = formulaSafe(text);
  return safe === text ? csvField(text) : quoted(safe);
}

const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;

const HOUR = 3_600_000;
const hourOffsetsByZone = new Map<string, Map<number, number>>();

/**
 * A Date whose UTC fields are the wall-clock fields (to the second) of `date` in `timeZone`. Asking Intl for every
 * cell would cost more than the rest of an export together, so the zone's offset is remembered per UTC hour: the
 * same at the hour's first and last second means no transition inside it (zones change at most once an hour).
 */
function wallTime(date: Date, timeZone: string): Date {
  let hourOffsets = hourOffsetsByZone.get(timeZone);
  if (!hourOffsets) {
    hourOffsets = new Map();
    hourOffsetsByZone.set(timeZone, hourOffsets);
  }
  const seconds = Math.floor(date.getTime() / 1000) * 1000;
  const hour = Math.floor(seconds / HOUR) * HOUR;
  let offset = hourOffsets.get(hour);
  if (offset === undefined) {
    const first = zoneOffsetMs(new Date(hour), timeZone);
    offset = first === zoneOffsetMs(new Date(hour + HOUR - 1000), timeZone) ? first : NaN;
    if (hourOffsets.size >= 100_000) hourOffsets.clear();
    hourOffsets.set(hour, offset);
  }
  return new Date(seconds + (Number.isNaN(offset) ? zoneOffsetMs(new Date(seconds), timeZone) : offset));
}

const pad = (n: number) => String(n).padStart(2, '0');
