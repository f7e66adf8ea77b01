import type { ColumnFormat } from './cells';

/** What the CSV and XLSX writers get: the columns, their titles in the caller's language and the row batches. */
export interface RowSource<Row extends object> {
  columns: Array<{ key: keyof Row & string; format?: ColumnFormat }>;
  titles: string[];
  batches: AsyncIterable<Row[]>;
  timeZone: string;
  sheet: string;
}

/**
 * A response body that asks `chunks` for the next piece only when the client has taken the previous one, so a
 * slow download holds one piece in memory, not the file. `finished` is called once, when the body ends, fails or
 * the client goes away (then `chunks` is closed, which stops the reading from the database).
 */
export function responseStream(chunks: AsyncIterator<string | Uint8Array>, finished: () => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) {
          finished();
          controller.close();
        } else {
          controller.enqueue(typeof next.value === 'string' ? encoder.encode(next.value) : next.value);
        }
      } catch (error) {
        finished();
        throw error;
      }
    },
    async cancel() {
      finished();
      await chunks.return?.();
    },
  });
}
