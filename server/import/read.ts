import { readCsv } from './csv';
import { UnreadableFileError } from './limits';
import type { ColumnPicker, Table } from './table';
import { readXlsx } from './xlsx';

export type FileFormat = 'csv' | 'xlsx';

/** xlsx files are zip archives: they start with "PK\x03\x04" whatever the upload claims. */
export function detectFormat(bytes: Uint8Array): FileFormat {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04 ? 'xlsx' : 'csv';
}

/** Old binary .xls files and password-protected workbooks are OLE compound files. */
function isCompoundFile(bytes: Uint8Array): boolean {
  return bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

/**
 * Reads the header row and data rows of a CSV or XLSX file, keeping only the columns `pick` chooses from the
 * headers (all by default). Refuses, as soon as it reads that far, a file past `IMPORT_LIMITS`.
 */
export async function readTable(bytes: Uint8Array, pick?: ColumnPicker): Promise<Table> {
  if (isCompoundFile(bytes)) {
    throw new UnreadableFileError('The file is an old XLS workbook or is protected by a password: save it as XLSX or CSV', 'Файл в старом формате XLS или защищён паролем: сохраните его как XLSX или CSV');
  }
  const table = detectFormat(bytes) === 'xlsx' ? await readXlsx(bytes, pick) : await readCsv(bytes, pick);
  if (!table) throw new UnreadableFileError('The file has no header row', 'В файле нет строки заголовков');
  return table;
}
