import { feedCsv } from './csv';
import { UnreadableFileError } from './limits';
import { TableBuilder, type ColumnPicker, type Table, type TableRow, type TableStream } from './table';
import { feedXlsx } from './xlsx';

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
 * Reads the header row of a CSV or XLSX file, keeping only the columns `pick` chooses from the headers (all by
 * default); the data rows follow in batches, each read from the file only when the one before was taken, so a
 * reader of the batches holds no more of the file than it keeps itself. Refuses, as soon as it reads that far, a
 * file past `IMPORT_LIMITS` (when reading the header, or from `batches`).
 */
export async function streamTable(bytes: Uint8Array, pick?: ColumnPicker): Promise<TableStream> {
  if (isCompoundFile(bytes)) {
    throw new UnreadableFileError('The file is an old XLS workbook or is protected by a password: save it as XLSX or CSV', 'Файл в старом формате XLS или защищён паролем: сохраните его как XLSX или CSV');
  }
  const builder = new TableBuilder(pick);
  const feed = detectFormat(bytes) === 'xlsx' ? feedXlsx(bytes, builder) : feedCsv(bytes, builder);
  let done = false;
  while (!builder.header() && !done) done = (await feed.next()).done === true;
  const header = builder.header();
  if (!header) throw new UnreadableFileError('The file has no header row', 'В файле нет строки заголовков');
  async function* batches(): AsyncGenerator<TableRow[]> {
    try {
      for (;;) {
        const rows = builder.take();
        if (rows.length > 0) yield rows;
        if (done) return;
        done = (await feed.next()).done === true;
      }
    } finally {
      // Closes the file when the reader of the batches stops early (e.g. a transaction failed).
      await feed.return(undefined);
    }
  }
  return {
    ...header,
    batches: batches(),
    get rowCount() {
      return builder.count;
    },
  };
}

/** The whole table at once: for small files and tests; an import takes the batches of `streamTable` instead. */
export async function readTable(bytes: Uint8Array, pick?: ColumnPicker): Promise<Table> {
  const stream = await streamTable(bytes, pick);
  const rows: TableRow[] = [];
  for await (const batch of stream.batches) for (const row of batch) rows.push(row);
  return { headers: stream.headers, headerRow: stream.headerRow, columns: stream.columns, rows };
}
