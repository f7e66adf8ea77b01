import { cellOf, csvCell, csvField } from './cells';
import { responseStream, type RowSource } from './stream';

/** The CSV body: UTF-8 BOM, `;`-separated, quoted where needed, CRLF line ends (what Russian Excel writes). */
export function csvStream<Row extends object>(source: RowSource<Row>, finished: () => void): ReadableStream<Uint8Array> {
  return responseStream(csvChunks(source), finished);
}

/** The header line, then one piece of text per batch of rows. */
async function* csvChunks<Row extends object>({ columns, titles, batches, timeZone }: RowSource<Row>): AsyncGenerator<string> {
  yield '\uFEFF' + titles.map(csvField).join(';') + '\r\n';
  for await (const batch of batches) {
    let text = '';
    for (const row of batch) {
      text += columns.map((column) => csvCell(cellOf(row, column.key), column.format ?? 'text', timeZone)).join(';') + '\r\n';
    }
    yield text;
  }
}
