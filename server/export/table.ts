import type { Context } from 'hono';
import { DEFAULT_TIME_ZONE, formatNumber } from '../../shared/i18n/format';
import { ApiError, ErrorBody, preferredLanguage, type Text } from '../api/errors';
import { cellOf, type ColumnFormat, type TableCell } from './cells';
import { csvStream } from './csv';
import type { RowSource } from './stream';
import { xlsxStream } from './xlsx';

export type { ColumnFormat, TableCell } from './cells';

export interface TableColumn<Row> {
  key: keyof Row & string;
  /** Russian header, or both languages (the caller's Accept-Language picks; Russian first). */
  title: string | Text;
  format?: ColumnFormat;
}

export interface Table<Row extends object> {
  /** Without extension; Cyrillic is fine (sent as RFC 5987 `filename*`). */
  fileName: string;
  /** Excel sheet name (at most 31 characters; longer names are cut). */
  sheet: string;
  columns: TableColumn<Row>[];
  /** The rows, or batches of them read from the database while the file is written (memory holds one batch). */
  rows: Row[] | AsyncIterable<Row[]>;
  /** How many rows `rows` yields, counted before reading them: above EXPORT_MAX_ROWS the export is refused. */
  total?: number;
  timeZone?: string;
}

export type TableFormat = 'json' | 'csv' | 'xlsx';

export const TABLE_FORMATS = ['json', 'csv', 'xlsx'] as const;

/**
 * The most rows one export may hold. Excel opens at most 1,048,576 rows per sheet, and at a million rows a CSV is
 * about 160 MB and an XLSX a minute or more of the server's CPU: a larger list is refused up front (413), before
 * anything is read, and the user narrows the filter instead of waiting for a file they could not open.
 */
export const EXPORT_MAX_ROWS = 1_000_000;

/**
 * Exports being written at once in this process. Each one streams with flat memory, but writing a file takes CPU
 * and a database query per batch: past this, a new export is refused (429) until one ends or its client leaves.
 */
export const EXPORTS_AT_ONCE = 4;
let exportsRunning = 0;

/**
 * Answers a table in the requested format: JSON `{ columns: [{ key, title, format }], rows }`, CSV for Russian
 * Excel (UTF-8 BOM, `;` separator, decimal comma, dd.mm.yyyy dates) or XLSX with typed number, percent and date
 * cells. Every table route offers `?format=json|csv|xlsx` through this one function. CSV and XLSX are streamed:
 * rows are read batch by batch as the client takes the file, text that a spreadsheet would run as a formula is
 * neutralised (cells.ts), and a client that goes away stops the reading.
 */
export async function tableResponse<Row extends object>(c: Context, table: Table<Row>, format: TableFormat): Promise<Response> {
  const lang = preferredLanguage(c);
  const titles = table.columns.map((column) => (typeof column.title === 'string' ? column.title : column.title[lang]));
  const total = table.total ?? (Array.isArray(table.rows) ? table.rows.length : undefined);
  if (total !== undefined && total > EXPORT_MAX_ROWS) throw exportTooLarge(total);
  if (format === 'json') {
    const rows: Row[] = [];
    for await (const batch of batches(table.rows)) rows.push(...batch);
    return c.json({
      columns: table.columns.map((column, i) => ({ key: column.key, title: titles[i], format: column.format ?? 'text' })),
      rows: rows.map((row) => Object.fromEntries(table.columns.map((column) => [column.key, jsonValue(cellOf(row, column.key))]))),
    });
  }
  const headers = {
    'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'Content-Disposition': attachment(`${table.fileName}.${format}`),
  };
  // Hono answers HEAD by dropping the body unread: a file started for it would hold its export slot for good.
  if (c.req.method === 'HEAD') return new Response(null, { headers });
  if (exportsRunning >= EXPORTS_AT_ONCE) throw exportsBusy();
  exportsRunning += 1;
  let running = true;
  const done = () => {
    if (running) exportsRunning -= 1;
    running = false;
  };
  const rows: RowSource<Row> = { columns: table.columns, titles, batches: batches(table.rows), timeZone: table.timeZone ?? DEFAULT_TIME_ZONE, sheet: table.sheet };
  return new Response(format === 'csv' ? csvStream(rows, done) : xlsxStream(rows, done), { headers });
}

/** The answers an exporting route adds to its OpenAPI description. */
export const EXPORT_ERROR_RESPONSES = {
  413: {
    description: `CSV/XLSX: the export would have more than ${EXPORT_MAX_ROWS.toLocaleString('en-US')} rows (narrow the filter)`,
    content: { 'application/json': { schema: ErrorBody } },
  },
  429: {
    description: `CSV/XLSX: ${EXPORTS_AT_ONCE} exports are being written already; retry after \`Retry-After\` seconds`,
    content: { 'application/json': { schema: ErrorBody } },
  },
};

async function* batches<Row>(rows: Row[] | AsyncIterable<Row[]>): AsyncGenerator<Row[]> {
  if (Array.isArray(rows)) yield rows;
  else yield* rows;
}

function exportTooLarge(total: number): ApiError {
  const ru = (n: number) => formatNumber(n, 'ru');
  const en = (n: number) => formatNumber(n, 'en');
  return new ApiError(413, 'export_too_large', {
    ru: `В выгрузке было бы ${ru(total)} строк, а можно не больше ${ru(EXPORT_MAX_ROWS)}: сузьте фильтр или сегмент`,
    en: `The export would have ${en(total)} rows, more than the limit of ${en(EXPORT_MAX_ROWS)}: narrow the filter or segment`,
  });
}

function exportsBusy(): ApiError {
  return new ApiError(
    429,
    'exports_busy',
    { ru: 'Сейчас готовится слишком много выгрузок: повторите через минуту', en: 'Too many exports are being prepared right now: try again in a minute' },
    undefined,
    { 'Retry-After': '60' },
  );
}

function jsonValue(value: TableCell): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  return value instanceof Date ? value.toISOString() : value;
}

function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
