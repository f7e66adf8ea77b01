import ExcelJS from 'exceljs';
import type { Context } from 'hono';
import { preferredLanguage, type Text } from '../api/errors';

/**
 * How a column's values are written:
 * - `text` (default): as is;
 * - `integer`, `number`: numbers (`number` keeps two decimals);
 * - `money`: roubles with kopecks (`# ##0,00 ₽` in Excel);
 * - `percent`: a value on the 0–100 scale (15.3 means 15.3 %), a real percentage cell in Excel;
 * - `date`, `datetime`: a `Date` or ISO string, shown as wall time in `timeZone` (Europe/Moscow by default).
 */
export type ColumnFormat = 'text' | 'integer' | 'number' | 'money' | 'percent' | 'date' | 'datetime';

export interface TableColumn<Row> {
  key: keyof Row & string;
  /** Russian header, or both languages (the caller's Accept-Language picks; Russian first). */
  title: string | Text;
  format?: ColumnFormat;
}

export type TableCell = string | number | boolean | Date | null | undefined;

export interface Table<Row extends object> {
  /** Without extension; Cyrillic is fine (sent as RFC 5987 `filename*`). */
  fileName: string;
  /** Excel sheet name (at most 31 characters; longer names are cut). */
  sheet: string;
  columns: TableColumn<Row>[];
  rows: Row[];
  timeZone?: string;
}

export type TableFormat = 'json' | 'csv' | 'xlsx';

export const TABLE_FORMATS = ['json', 'csv', 'xlsx'] as const;

/**
 * Answers a table in the requested format: JSON `{ columns: [{ key, title, format }], rows }`, CSV for Russian
 * Excel (UTF-8 BOM, `;` separator, decimal comma, dd.mm.yyyy dates) or XLSX with typed number, percent and date
 * cells. Every table route offers `?format=json|csv|xlsx` through this one function.
 */
export async function tableResponse<Row extends object>(
  c: Context,
  table: Table<Row>,
  format: TableFormat,
): Promise<Response> {
  const lang = preferredLanguage(c);
  const titles = table.columns.map((column) => titleOf(column.title, lang));
  if (format === 'json') {
    return c.json({
      columns: table.columns.map((column, i) => ({ key: column.key, title: titles[i], format: column.format ?? 'text' })),
      rows: table.rows.map((row) => Object.fromEntries(table.columns.map((column) => [column.key, jsonValue(cell(row, column.key))]))),
    });
  }
  const timeZone = table.timeZone ?? 'Europe/Moscow';
  if (format === 'csv') {
    const body = '\uFEFF' + tableCsv(table, titles, timeZone);
    return new Response(body, {
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': attachment(`${table.fileName}.csv`) },
    });
  }
  const buffer = await tableXlsx(table, titles, timeZone);
  return new Response(buffer, {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': attachment(`${table.fileName}.xlsx`),
    },
  });
}

/** The CSV text without the BOM: `;`-separated, quoted where needed, CRLF line ends (what Excel writes). */
export function tableCsv<Row extends object>(table: Table<Row>, titles: string[], timeZone: string): string {
  const lines = [titles.map(csvField).join(';')];
  for (const row of table.rows) {
    lines.push(table.columns.map((column) => csvField(csvValue(cell(row, column.key), column.format ?? 'text', timeZone))).join(';'));
  }
  return lines.join('\r\n') + '\r\n';
}

export async function tableXlsx<Row extends object>(
  table: Table<Row>,
  titles: string[],
  timeZone: string,
): Promise<ArrayBuffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Comeback';
  const sheet = workbook.addWorksheet(sheetName(table.sheet), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((column, i) => ({
    key: column.key,
    header: titles[i],
    width: Math.min(60, Math.max(10, titles[i].length + 2)),
    style: { numFmt: NUMBER_FORMATS[column.format ?? 'text'] },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    sheet.addRow(table.columns.map((column) => xlsxValue(cell(row, column.key), column.format ?? 'text', timeZone)));
  }
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
}

const NUMBER_FORMATS: Record<ColumnFormat, string | undefined> = {
  text: undefined,
  integer: '#,##0',
  number: '#,##0.00',
  money: '#,##0.00 "₽"',
  percent: '0.0%',
  date: 'dd.mm.yyyy',
  datetime: 'dd.mm.yyyy hh:mm',
};

function titleOf(title: string | Text, lang: 'ru' | 'en'): string {
  return typeof title === 'string' ? title : title[lang];
}

function jsonValue(value: TableCell): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  return value instanceof Date ? value.toISOString() : value;
}

function csvValue(value: TableCell, format: ColumnFormat, timeZone: string): string {
  if (value === undefined || value === null) return '';
  if (format === 'date' || format === 'datetime') {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) return String(value);
    const wall = wallTime(date, timeZone);
    const day = `${pad(wall.getUTCDate())}.${pad(wall.getUTCMonth() + 1)}.${wall.getUTCFullYear()}`;
    return format === 'date' ? day : `${day} ${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    const digits = format === 'integer' ? 0 : format === 'text' ? undefined : 2;
    const text = digits === undefined ? String(value) : value.toFixed(digits);
    // Russian Excel reads "12,5" as a number and "12.5" as text (or a date).
    return text.replace('.', ',');
  }
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  return String(value instanceof Date ? value.toISOString() : value);
}

function xlsxValue(value: TableCell, format: ColumnFormat, timeZone: string): ExcelJS.CellValue {
  if (value === undefined || value === null) return null;
  if (format === 'date' || format === 'datetime') {
    const date = value instanceof Date ? value : new Date(String(value));
    // Excel cells have no time zone: store the wall time the reader expects to see.
    return Number.isNaN(date.getTime()) ? String(value) : wallTime(date, timeZone);
  }
  if (format === 'percent' && typeof value === 'number') return Number.isFinite(value) ? value / 100 : null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  return value instanceof Date ? value : String(value);
}

/** A Date whose UTC fields are the wall-clock fields of `date` in `timeZone`. */
function wallTime(date: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return new Date(Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')));
}

function csvField(text: string): string {
  return /[";\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function sheetName(name: string): string {
  return name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Лист1';
}

function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

const cell = (row: object, key: string) => (row as Record<string, TableCell>)[key];

const pad = (n: number) => String(n).padStart(2, '0');
