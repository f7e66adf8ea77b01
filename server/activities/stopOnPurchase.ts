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
export type EffectTable = 'messages' | 'bonus_ledger' | 'staff_tasks';

/**
 * Whether the effect under `key` is already recorded: a retry of an effect that happened reports it and is not
 * checked again (it cannot be undone), only a new one is.
 */
export async function effectRecorded(sql: Sql, table: EffectTable, key: string): Promise<boolean> {
  const [row] = await sql`SELECT 1 FROM ${sql(table)} WHERE idempotency_key = ${key}`;
  return row !== undefined;
}

/** Throws the non-retryable CUSTOMER_ORDERED failure when the customer has ordered since entering the run. */
export async function stopIfOrdered(sql: Sql, run: RunRef): Promise<void> {
  const order = await orderSinceEntry(sql, run);
  if (order) {
    throw ApplicationFailure.create({
      type: CUSTOMER_ORDERED,
      message: `the customer ordered (${order.orderId}) since entering the run: nothing more is done`,
      nonRetryable: true,
      details: [order],
    });
  }
}
