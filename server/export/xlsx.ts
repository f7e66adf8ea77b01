import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { cellOf, NUMBER_FORMATS, xlsxCell } from './cells';
import { responseStream, type RowSource } from './stream';

/** Sheet XML allowed to wait for the zip before the next batch of rows is written. */
const ZIP_BACKLOG_BYTES = 1024 * 1024;

/**
 * The XLSX body, written by exceljs's streaming WorkbookWriter as the client downloads it: rows are committed batch
 * by batch, strings are plain string cells (`t="str"`, no shared-strings table kept in memory, never a formula),
 * numbers, percentages and dates are typed cells with the column's number format.
 */
export function xlsxStream<Row extends object>(source: RowSource<Row>, finished: () => void): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const stop = new AbortController();
  // The client took the file or went away: either way, stop writing.
  out.once('close', () => stop.abort());
  writeWorkbook(source, out, stop.signal).catch((error) => out.destroy(error));
  return responseStream(out[Symbol.asyncIterator](), finished);
}

async function writeWorkbook<Row extends object>({ columns, titles, batches, timeZone, sheet: name }: RowSource<Row>, out: PassThrough, signal: AbortSignal) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Comeback';
  const sheet = workbook.addWorksheet(sheetName(name), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column, i) => ({
    key: column.key,
    header: titles[i],
    width: Math.min(60, Math.max(10, titles[i].length + 2)),
    style: { numFmt: NUMBER_FORMATS[column.format ?? 'text'] },
  }));
  sheet.getRow(1).font = { bold: true };
  // One style object per column, shared by its cells: exceljs works out a cell's style id by serialising the style
  // unless it has seen that very object before, which would cost more than the rest of the row.
  const styles = columns.map((column) => ({ numFmt: NUMBER_FORMATS[column.format ?? 'text'] }));
  for await (const batch of batches) {
    signal.throwIfAborted();
    for (const row of batch) {
      const written = sheet.addRow(columns.map((column) => xlsxCell(cellOf(row, column.key), column.format ?? 'text', timeZone)));
      styles.forEach((style, i) => (written.getCell(i + 1).style = style));
      written.commit();
    }
    await zipCaughtUp(sheet, signal);
  }
  sheet.commit();
  await workbook.commit();
}

/**
 * exceljs ignores backpressure (exceljs/exceljs#734): a committed row goes straight into the stream that feeds the
 * zip, which buffers whatever it has not compressed yet, and it compresses only as fast as the client downloads.
 * Wait for that stream to drain when its queue is long, so memory holds about a batch, not the whole sheet.
 */
async function zipCaughtUp(sheet: ExcelJS.Worksheet, signal: AbortSignal) {
  const zipInput = (sheet as unknown as { stream?: { pipes?: NodeJS.EventEmitter[] } }).stream?.pipes?.[0] as
    | (NodeJS.EventEmitter & { _writableState?: { length: number } })
    | undefined;
  if (!zipInput?._writableState) throw new Error('exceljs internals changed: the sheet stream has no zip input to wait for');
  if (zipInput._writableState.length > ZIP_BACKLOG_BYTES) await once(zipInput, 'drain', { signal });
}

function sheetName(name: string): string {
  return name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Лист1';
}
