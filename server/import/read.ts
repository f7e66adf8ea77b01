import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Cell } from './values';

export type FileFormat = 'csv' | 'xlsx';

export interface Table {
  headers: string[];
  /** Data rows; `rows[i]` is spreadsheet row i + 2 (row 1 holds the headers). */
  rows: Cell[][];
}

export class UnreadableFileError extends Error {
  constructor(
    message: string,
    readonly messageRu: string,
  ) {
    super(message);
  }
}

/** xlsx files are zip archives: they start with "PK\x03\x04" whatever the upload claims. */
export function detectFormat(bytes: Uint8Array): FileFormat {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04 ? 'xlsx' : 'csv';
}

export async function readTable(bytes: Uint8Array): Promise<Table> {
  const table = detectFormat(bytes) === 'xlsx' ? await readXlsx(bytes) : readCsv(bytes);
  // Trailing empty rows are common in spreadsheets and mean nothing.
  while (table.rows.length > 0 && table.rows[table.rows.length - 1].every((c) => c === null || c === '')) table.rows.pop();
  if (table.headers.every((h) => h.trim() === '')) throw new UnreadableFileError('The file has no header row', 'В файле нет строки заголовков');
  return table;
}

/** UTF-8 (with or without BOM), or Windows-1251 as Excel in Russia saves "CSV"; separator ; , or tab, detected. */
function readCsv(bytes: Uint8Array): Table {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1251').decode(bytes);
  }
  text = text.replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { delimiter: '', skipEmptyLines: 'greedy' });
  const fatal = parsed.errors.find((e) => e.type === 'Quotes');
  if (fatal) {
    throw new UnreadableFileError(`CSV cannot be read near row ${(fatal.row ?? 0) + 1}: ${fatal.message}`, `CSV не читается около строки ${(fatal.row ?? 0) + 1}: незакрытые кавычки`);
  }
  const [headers = [], ...rows] = parsed.data;
  return { headers: headers.map((h) => h.trim()), rows: rows.map((r) => r.map((c) => (c.trim() === '' ? null : c))) };
}

async function readXlsx(bytes: Uint8Array): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    throw new UnreadableFileError(`The XLSX file cannot be read: ${(error as Error).message}`, 'Файл XLSX не читается: возможно, он повреждён или защищён паролем');
  }
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) throw new UnreadableFileError('The workbook has no rows', 'В книге нет ни одной строки');
  const width = sheet.columnCount;
  const read = (rowNumber: number): Cell[] => {
    const row = sheet.getRow(rowNumber);
    return Array.from({ length: width }, (_, i) => cellValue(row.getCell(i + 1).value));
  };
  const headers = read(1).map((c) => (c === null ? '' : String(c).trim()));
  const rows: Cell[][] = [];
  for (let r = 2; r <= sheet.rowCount; r++) rows.push(read(r));
  return { headers, rows };
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('result' in value) return cellValue(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
    if ('error' in value) return null;
  }
  return String(value);
}
