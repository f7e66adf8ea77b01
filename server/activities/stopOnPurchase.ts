import { ApplicationFailure } from '@temporalio/activity';
import { CUSTOMER_ORDERED, type RunRef } from '../../workflows/activities';
import type { OrderPlaced } from '../../workflows/signals';
import type { Sql } from '../db/client';

/**
 * The backstop of stop on purchase. The orderPlaced signal (server/temporal/orderSignals.ts) normally ends a run
 * as soon as the order is ingested; this one indexed read makes the promise hold when the signal is late (Temporal
 * was unreachable, the run had not written its row yet): before any effect the customer would see, a run that
 * stops on purchase looks for an order placed since it entered.
 */
export async function orderSinceEntry(sql: Sql, run: RunRef): Promise<OrderPlaced | null> {
  if (!run.stopOnPurchaseSince) return null;
  const [order] = await sql<{ id: string; placed_at: Date; amount: number }[]>`
    SELECT id, placed_at, amount::float8 AS amount FROM orders
     WHERE customer_id = ${run.customerId} AND placed_at >= ${run.stopOnPurchaseSince}
     ORDER BY placed_at, id LIMIT 1`;
  return order ? { orderId: order.id, placedAt: order.placed_at.toISOString(), amount: order.amount } : null;
}

/** Where an effect is recorded under its idempotency key (run + node). */
export type EffectTable = 'messages' | 'bonus_ledger' | 'staff_tasks' | 'webhook_calls';

/**
 * Before an effect, in one read: whether it is already recorded under `key` — a retry of an effect that happened
 * goes on as recorded and is not checked again (it cannot be undone) — and, for a new one, whether the customer
 * ordered since entering a run that stops on purchase, which throws the non-retryable CUSTOMER_ORDERED failure.
 * Returns whether the effect was already recorded.
 */
export async function checkBeforeEffect(sql: Sql, run: RunRef, table: EffectTable, key: string): Promise<boolean> {
  const [row] = await sql<{ recorded: boolean; id: string | null; placed_at: Date | null; amount: number | null }[]>`
    SELECT EXISTS (SELECT 1 FROM ${sql(table)} WHERE idempotency_key = ${key}) AS recorded, o.id, o.placed_at, o.amount::float8 AS amount
      FROM (SELECT 1) AS one
      LEFT JOIN LATERAL (
            SELECT id, placed_at, amount FROM orders
             WHERE ${run.stopOnPurchaseSince ?? null}::timestamptz IS NOT NULL
               AND customer_id = ${run.customerId} AND placed_at >= ${run.stopOnPurchaseSince ?? null}::timestamptz
             ORDER BY placed_at, id LIMIT 1) AS o ON true`;
  if (row.recorded) return true;
  if (row.id !== null) {
    const order: OrderPlaced = { orderId: row.id, placedAt: row.placed_at!.toISOString(), amount: row.amount! };
    throw ApplicationFailure.create({
      type: CUSTOMER_ORDERED,
      message: `the customer ordered (${order.orderId}) since entering the run: nothing more is done`,
      nonRetryable: true,
      details: [order],
    });
  }
  return false;
}
