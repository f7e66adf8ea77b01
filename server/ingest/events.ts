import { byIndex, summarize, validateBatch, type BatchSummary, type RecordResult, type ValidRecord } from './batch';
import type { Queryable } from './queryable';
import { EventRecordSchema, type EventRecord } from './records';
import { freshSince } from './orders';
import { inTransaction } from './transaction';

export interface EventsIngestResult {
  results: RecordResult[];
  summary: BatchSummary;
  /** Events stored for the first time (their entries are due). */
  fresh: number;
}

/**
 * Ingests a batch of custom events (POST /api/events): valid records are stored and invalid ones reported per record,
 * in one transaction. Idempotent by event id: an event already stored is a `duplicate`, changes nothing and starts
 * nothing, so a retried batch never enters a customer twice. Each new event and its entry duty (the entry_events
 * outbox, server/entries/deliver.ts) commit together.
 */
export async function ingestEvents(db: Queryable, input: unknown, options: { entriesSince?: Date } = {}): Promise<EventsIngestResult> {
  const { valid, rejected } = validateBatch(input, EventRecordSchema);
  const applied = valid.length > 0 ? await inTransaction(db, (tx) => applyEvents(tx, valid, options.entriesSince ?? freshSince())) : [];
  const results = byIndex([...rejected, ...applied]);
  return { results, summary: summarize(results), fresh: applied.filter((r) => r.status === 'accepted').length };
}

async function applyEvents(tx: Queryable, valid: ValidRecord<EventRecord>[], entriesSince: Date): Promise<RecordResult[]> {
  const customerIds = [...new Set(valid.map((v) => v.record.customerId))];
  const known = new Set((await tx<{ id: string }[]>`SELECT id FROM customers WHERE id = ANY(${customerIds}::text[])`).map((r) => r.id));
  const results: RecordResult[] = [];
  const candidates = valid.filter((v) => {
    if (known.has(v.record.customerId)) return true;
    results.push({
      index: v.index,
      id: v.record.id,
      status: 'rejected',
      issues: [{ field: 'customerId', message: `unknown customer "${v.record.customerId}": send the customer to POST /api/customers first`, messageRu: `клиент «${v.record.customerId}» не найден: сначала загрузите клиента` }],
    });
    return false;
  });
  if (candidates.length === 0) return results;
  const rows = candidates.map(({ record: r }) => ({ id: r.id, customer_id: r.customerId, type: r.type, at: r.at, data: r.data ?? {} }));
  const inserted = new Set(
    (await tx<{ id: string }[]>`
      WITH inserted AS (
        INSERT INTO customer_events (id, customer_id, type, at, data)
        SELECT id, customer_id, type, at, data
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) AS r(id text, customer_id text, type text, at timestamptz, data jsonb)
        ON CONFLICT (id) DO NOTHING
        RETURNING id, customer_id, type, at
      ), entries AS (
        INSERT INTO entry_events (key, customer_id, kind, type, at) SELECT 'event:' || id, customer_id, 'event', type, at FROM inserted
         WHERE at >= ${entriesSince}
        ON CONFLICT (key) DO NOTHING
      )
      SELECT id FROM inserted`).map((r) => r.id),
  );
  for (const { index, record } of candidates) results.push({ index, id: record.id, status: inserted.has(record.id) ? 'accepted' : 'duplicate' });
  return results;
}
