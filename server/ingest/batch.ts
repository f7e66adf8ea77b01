import type { z } from 'zod';
import type { Channel } from '../../shared/scenario/schema';
import { describeIssue, type FieldIssue } from './issues';

/** The most records one request may carry; larger batches get 413 and must be split. */
export const MAX_BATCH = 10_000;

/** What happened to one record of a batch, in input order. */
export type RecordResult =
  | {
      index: number;
      id: string;
      status: 'accepted' | 'updated' | 'duplicate';
      warnings?: FieldIssue[];
      /** Customers: channels the record asked to subscribe that stay unsubscribed after an opt-out made in Comeback. */
      keptOptOut?: Channel[];
    }
  | { index: number; id: string | null; status: 'rejected'; issues: FieldIssue[] };

export interface BatchSummary {
  accepted: number;
  updated: number;
  duplicate: number;
  rejected: number;
  /** Customers only: records with at least one channel in `keptOptOut`. */
  keptOptOut?: number;
}

/** A problem with the batch as a whole (not an array, too many records): nothing was applied. */
export class BatchError extends Error {
  constructor(
    readonly status: 400 | 413,
    readonly code: 'invalid_batch' | 'batch_too_large',
    message: string,
    readonly messageRu: string,
  ) {
    super(message);
  }
}

export interface ValidRecord<T> {
  index: number;
  record: T;
}

/**
 * Validates every record of a batch. Records that fail are reported with each field's problem; a record whose id
 * already appeared earlier in the batch is rejected, because applying both would make the outcome depend on order.
 */
export function validateBatch<S extends z.ZodType<{ id: string }>>(
  input: unknown,
  schema: S,
): { valid: ValidRecord<z.output<S>>[]; rejected: RecordResult[] } {
  if (!Array.isArray(input)) {
    throw new BatchError(400, 'invalid_batch', 'The request body must be a JSON array of records.', 'Тело запроса должно быть JSON-массивом записей.');
  }
  if (input.length > MAX_BATCH) {
    throw new BatchError(
      413,
      'batch_too_large',
      `A batch holds at most ${MAX_BATCH} records; this one has ${input.length}. Split it into smaller batches.`,
      `В пакете не больше ${MAX_BATCH} записей, а здесь ${input.length}. Разделите его на части.`,
    );
  }
  const valid: ValidRecord<z.output<S>>[] = [];
  const rejected: RecordResult[] = [];
  const firstIndex = new Map<string, number>();
  input.forEach((raw, index) => {
    const rawId = typeof raw === 'object' && raw !== null && 'id' in raw ? (raw as { id: unknown }).id : undefined;
    const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId).trim() : null;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      rejected.push({ index, id, status: 'rejected', issues: parsed.error.issues.map(describeIssue) });
      return;
    }
    const record = parsed.data as z.output<S>;
    const first = firstIndex.get(record.id);
    if (first !== undefined) {
      rejected.push({
        index,
        id: record.id,
        status: 'rejected',
        issues: [{ field: 'id', message: `repeats the id of record ${first} in this batch`, messageRu: `повторяет id записи ${first} этого пакета` }],
      });
      return;
    }
    firstIndex.set(record.id, index);
    valid.push({ index, record });
  });
  return { valid, rejected };
}

export function summarize(results: RecordResult[]): BatchSummary {
  const summary: BatchSummary = { accepted: 0, updated: 0, duplicate: 0, rejected: 0 };
  for (const r of results) summary[r.status] += 1;
  return summary;
}

export function byIndex(results: RecordResult[]): RecordResult[] {
  return results.sort((a, b) => a.index - b.index);
}
