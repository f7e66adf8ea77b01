import type { ConsentActor } from '../consent/changeConsent';
import type { BatchSummary } from '../ingest/batch';
import { DEFAULT_TIME_ZONE } from '../../shared/i18n/format';
import { applyCustomers } from '../ingest/customers';
import { applyOrders, type IngestedOrder, type OrdersIngestOptions } from '../ingest/orders';
import type { Queryable } from '../ingest/queryable';
import { inTransaction } from '../ingest/transaction';
import { mapColumns, type ImportKind } from './columns';
import { detectFormat, streamTable, type FileFormat } from './read';
import { columnOfField, customerRecords, inChunks, orderRecords, type RowProblem, type RowRecord } from './rows';
import { log } from '../infra/log';

const CHUNK = 5000;

export interface ImportRequest {
  kind: ImportKind;
  bytes: Uint8Array;
  /** Zone of dates written without one (e.g. «31.12.2024 18:30»); default Europe/Moscow. */
  timeZone?: string;
  /** Who uploaded the file, for the customers' consent history. */
  actor?: ConsentActor;
}

export type ImportOutcome =
  | { applied: true; kind: ImportKind; format: FileFormat; rows: number; summary: BatchSummary; ignoredColumns: string[] }
  | { applied: false; kind: ImportKind; format: FileFormat; rows: number; problems: RowProblem[]; ignoredColumns: string[] };

class RollBack extends Error {
  constructor(readonly problems: RowProblem[]) {
    super('import rolled back');
  }
}

/**
 * Imports a CSV or XLSX file of customers or orders all-or-nothing: every row is checked first, and a file with
 * any bad row changes nothing; a good file is applied in one transaction with the same rules as the JSON API.
 */
export async function importFile(db: Queryable, request: ImportRequest, options: OrdersIngestOptions = {}): Promise<ImportOutcome> {
  const format = detectFormat(request.bytes);
  // Only the columns the import knows are kept, and only while their rows are checked and written: the file is read
  // batch by batch as the rows are needed. The reader refuses a file past IMPORT_LIMITS as it reads.
  const table = await streamTable(request.bytes, (headers) => [...mapColumns(headers, request.kind).columns.keys()]);
  const mapping = mapColumns(table.headers, request.kind);
  const base = { kind: request.kind, format, ignoredColumns: mapping.ignored };
  const fileProblems: RowProblem[] = [
    ...mapping.missing.map((spec) => ({
      row: table.headerRow, column: null, field: spec.field,
      message: `required column "${spec.title}" is missing (accepted headers: ${[spec.title, ...spec.aliases].join(', ')})`,
      messageRu: `нет обязательной колонки «${spec.title}» (подходят заголовки: ${[spec.title, ...spec.aliases].join(', ')})`,
    })),
    ...mapping.duplicated.map((header) => ({
      row: table.headerRow, column: header, field: null,
      message: `column "${header}" repeats another column with the same meaning`,
      messageRu: `колонка «${header}» повторяет другую колонку с тем же смыслом`,
    })),
  ];
  if (fileProblems.length > 0) {
    for await (const _ of table.batches); // only to count the rows, which the marketer sees with the problems
    return { ...base, rows: table.rowCount, applied: false, problems: fileProblems };
  }

  const timeZone = request.timeZone ?? DEFAULT_TIME_ZONE;
  const summary: BatchSummary = { accepted: 0, updated: 0, duplicate: 0, rejected: 0, ...(request.kind === 'customers' && { keptOptOut: 0 }) };
  const ingested: IngestedOrder[] = [];
  // Rows are checked and written chunk by chunk in one transaction, so no more than a chunk of records is held; the
  // first problem stops the writing, the checking goes on to list every problem, and the transaction rolls back.
  const problems: RowProblem[] = [];
  try {
    await inTransaction(db, async (tx) => {
      let count = 0;
      const write = async <T>(records: AsyncIterable<RowRecord<T>>, apply: (chunk: RowRecord<T>[]) => Promise<void>) => {
        for await (const chunk of inChunks(records, CHUNK)) {
          count += chunk.length;
          if (problems.length === 0) await apply(chunk);
        }
      };
      if (request.kind === 'customers') {
        await write(customerRecords(table, mapping, timeZone, problems), async (chunk) => {
          const outcome = await applyCustomers(tx, chunk.map((r) => r.record), { source: 'import', ...request.actor });
          for (const { status, keptOptOut } of outcome.values()) {
            summary[status] += 1;
            if (keptOptOut.length > 0) summary.keptOptOut! += 1;
          }
        });
      } else {
        await write(orderRecords(table, mapping, timeZone, problems), async (chunk) => {
          const applied = await applyOrders(tx, chunk.map((r) => ({ index: r.row, record: r.record })));
          for (const result of applied.results) {
            if (result.status === 'rejected') for (const issue of result.issues) problems.push({ row: result.index, column: columnOfField(issue.field, mapping), ...issue });
            else summary[result.status] += 1;
          }
          ingested.push(...applied.ingested);
        });
      }
      if (problems.length > 0) throw new RollBack(problems);
      if (count === 0) throw new RollBack([{ row: table.headerRow + 1, column: null, field: null, message: 'the file has no data rows', messageRu: 'в файле нет строк с данными' }]);
    });
  } catch (error) {
    if (error instanceof RollBack) return { ...base, rows: table.rowCount, applied: false, problems: sortProblems(error.problems) };
    throw error;
  }
  if (ingested.length > 0 && options.onOrdersIngested) {
    try {
      await options.onOrdersIngested(ingested);
    } catch (error) {
      (options.onHookError ?? ((e) => log.error({ err: e }, 'telling live runs about new orders failed')))(error);
    }
  }
  return { ...base, rows: table.rowCount, applied: true, summary };
}

function sortProblems(problems: RowProblem[]): RowProblem[] {
  return problems.sort((a, b) => a.row - b.row);
}
