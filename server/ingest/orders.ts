import { redeemForOrders } from '../bonus/redeem';
import { byIndex, summarize, validateBatch, type BatchSummary, type RecordResult, type ValidRecord } from './batch';
import type { FieldIssue } from './issues';
import type { Queryable } from './queryable';
import { OrderRecordSchema, type OrderRecord } from './records';
import { refreshCustomerStats } from './stats';
import { inTransaction } from './transaction';
import { log } from '../infra/log';
import { MAX_EVENT_AGE_HOURS } from '../entries/age';

/** A new order, as handed to the runtime so it can end live runs of that customer (`stopOnPurchase`). */
export interface IngestedOrder {
  customerId: string;
  orderId: string;
  placedAt: Date;
  amount: number;
}

/**
 * Called after the orders are committed, only with orders seen for the first time. Telling live runs does not
 * depend on it (the order_signals outbox does); the runtime uses it to deliver at once instead of at its next poll.
 */
export type OnOrdersIngested = (orders: IngestedOrder[]) => void | Promise<void>;

export interface OrdersIngestResult {
  results: RecordResult[];
  summary: BatchSummary;
  ingested: IngestedOrder[];
}

export interface OrdersIngestOptions {
  /**
   * Orders placed before this may start no scenario, so they are not put on the entry outbox (default: MAX_EVENT_AGE
   * before now; a simulation, in its own calendar, passes its own).
   */
  entriesSince?: Date;
  onOrdersIngested?: OnOrdersIngested;
  /** Where a failing hook is reported; the orders are committed by then, so the request still succeeds. */
  onHookError?: (error: unknown) => void;
}

/**
 * Ingests a batch of orders (POST /api/orders): valid records are applied and invalid ones reported per record, in
 * one transaction. Idempotent by order id: an order already stored is a `duplicate` and changes nothing, so a
 * retried batch never counts a purchase or spends points twice. Statistics of every customer with a new order are
 * recomputed in the same transaction.
 */
export async function ingestOrders(db: Queryable, input: unknown, options: OrdersIngestOptions = {}): Promise<OrdersIngestResult> {
  const { valid, rejected } = validateBatch(input, OrderRecordSchema);
  const applied = valid.length > 0 ? await inTransaction(db, (tx) => applyOrders(tx, valid, options.entriesSince)) : { results: [], ingested: [] };
  const results = byIndex([...rejected, ...applied.results]);
  if (applied.ingested.length > 0 && options.onOrdersIngested) {
    try {
      await options.onOrdersIngested(applied.ingested);
    } catch (error) {
      (options.onHookError ?? ((e) => log.error({ err: e }, 'telling live runs about new orders failed')))(error);
    }
  }
  return { results, summary: summarize(results), ingested: applied.ingested };
}

/** The database part of order ingest, inside the caller's transaction (imports reuse it all-or-nothing). */
export async function applyOrders(tx: Queryable, valid: ValidRecord<OrderRecord>[], entriesSince = freshSince()): Promise<{ results: RecordResult[]; ingested: IngestedOrder[] }> {
  const results: RecordResult[] = [];
  const customerIds = [...new Set(valid.map((v) => v.record.customerId))];
  // Locking the customers serialises concurrent batches of the same customer: redemptions and statistics see each other.
  const known = new Set(
    (await tx<{ id: string }[]>`SELECT id FROM customers WHERE id = ANY(${customerIds}::text[]) ORDER BY id FOR NO KEY UPDATE`).map((r) => r.id),
  );
  const candidates: ValidRecord<OrderRecord>[] = [];
  for (const v of valid) {
    if (known.has(v.record.customerId)) candidates.push(v);
    else {
      results.push({
        index: v.index,
        id: v.record.id,
        status: 'rejected',
        issues: [{
          field: 'customerId',
          message: `unknown customer "${v.record.customerId}": send the customer to POST /api/customers first`,
          messageRu: `клиент «${v.record.customerId}» не найден: сначала загрузите клиента`,
        }],
      });
    }
  }
  if (candidates.length === 0) return { results, ingested: [] };

  const orderRows = candidates.map(({ record: r }) => ({ id: r.id, customer_id: r.customerId, amount: r.amount, placed_at: r.placedAt, bonus_spent: r.bonusSpent }));
  const inserted = new Set(
    // A new order, the duty to tell the customer's live runs (the order_signals outbox) and to start the scenarios it
    // triggers (entry_events) commit together.
    (await tx<{ id: string }[]>`
      WITH inserted AS (
        INSERT INTO orders (id, customer_id, amount, placed_at, bonus_spent)
        SELECT id, customer_id, amount, placed_at, bonus_spent
        FROM jsonb_to_recordset(${JSON.stringify(orderRows)}::text::jsonb)
             AS r(id text, customer_id text, amount numeric, placed_at timestamptz, bonus_spent int)
        ON CONFLICT (id) DO NOTHING
        RETURNING id, customer_id, placed_at, amount
      ), outbox AS (
        INSERT INTO order_signals (order_id, customer_id, placed_at, amount) SELECT id, customer_id, placed_at, amount FROM inserted
      ), entries AS (
        -- The order may start scenarios with an order trigger (server/entries/deliver.ts).
        -- An import of last year's orders is history: only orders recent enough to start a scenario are put on it.
        INSERT INTO entry_events (key, customer_id, kind, at) SELECT 'order:' || id, customer_id, 'order', placed_at FROM inserted
         WHERE placed_at >= ${entriesSince}
        ON CONFLICT (key) DO NOTHING
      )
      SELECT id FROM inserted`).map((r) => r.id),
  );
  const fresh = candidates.filter((c) => inserted.has(c.record.id));
  const repeated = candidates.filter((c) => !inserted.has(c.record.id));

  const itemRows = fresh.flatMap(({ record: r }) =>
    (r.items ?? []).map((item, line) => ({ order_id: r.id, line_no: line + 1, sku: item.sku, name: item.name, category: item.category ?? null, qty: item.qty, price: item.price })),
  );
  if (itemRows.length > 0) {
    await tx`
      INSERT INTO order_items (order_id, line_no, sku, name, category, qty, price)
      SELECT order_id, line_no, sku, name, category, qty, price
      FROM jsonb_to_recordset(${JSON.stringify(itemRows)}::text::jsonb)
           AS r(order_id text, line_no int, sku text, name text, category text, qty numeric, price numeric)`;
  }

  const redeemed = await redeemForOrders(
    tx,
    fresh.map(({ record: r }) => ({ orderId: r.id, customerId: r.customerId, placedAt: new Date(r.placedAt), points: r.bonusSpent })),
  );
  await refreshCustomerStats(tx, [...new Set(fresh.map((f) => f.record.customerId))]);

  for (const { index, record } of fresh) {
    const spend = redeemed.get(record.id);
    const warnings: FieldIssue[] = [];
    if (spend && spend.shortfall > 0) {
      warnings.push({
        field: 'bonusSpent',
        message: `only ${spend.redeemed} of ${record.bonusSpent} points were available at placedAt; ${spend.redeemed} redeemed, the order is kept`,
        messageRu: `на момент заказа было доступно только ${spend.redeemed} из ${record.bonusSpent} баллов; списано ${spend.redeemed}, заказ принят`,
      });
    }
    results.push(warnings.length > 0 ? { index, id: record.id, status: 'accepted', warnings } : { index, id: record.id, status: 'accepted' });
  }
  results.push(...(await describeDuplicates(tx, repeated)));

  const ingested = fresh.map(({ record: r }) => ({ customerId: r.customerId, orderId: r.id, placedAt: new Date(r.placedAt), amount: r.amount }));
  ingested.sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime());
  return { results, ingested };
}

/** The oldest event that may still start a scenario (server/entries/deliver.ts). */
export const freshSince = (now = new Date()) => new Date(now.getTime() - MAX_EVENT_AGE_HOURS * 3_600_000);

/** Duplicates change nothing; when the repeat differs from the stored order the integrator is told which fields. */
async function describeDuplicates(tx: Queryable, repeated: ValidRecord<OrderRecord>[]): Promise<RecordResult[]> {
  if (repeated.length === 0) return [];
  const stored = new Map(
    (await tx<{ id: string; customer_id: string; amount: number; placed_at: Date; bonus_spent: number }[]>`
      SELECT id, customer_id, amount, placed_at, bonus_spent FROM orders WHERE id = ANY(${repeated.map((r) => r.record.id)}::text[])`).map((o) => [o.id, o]),
  );
  return repeated.map(({ index, record }) => {
    const o = stored.get(record.id)!;
    const differs = [
      o.customer_id !== record.customerId && 'customerId',
      o.amount !== record.amount && 'amount',
      o.placed_at.getTime() !== new Date(record.placedAt).getTime() && 'placedAt',
      o.bonus_spent !== record.bonusSpent && 'bonusSpent',
    ].filter((f): f is string => Boolean(f));
    if (differs.length === 0) return { index, id: record.id, status: 'duplicate' };
    return {
      index,
      id: record.id,
      status: 'duplicate',
      warnings: differs.map((field) => ({
        field,
        message: 'differs from the order already stored under this id; orders are immutable, the stored value is kept',
        messageRu: 'отличается от уже загруженного заказа с этим номером; заказы не изменяются, сохранено прежнее значение',
      })),
    };
  });
}
