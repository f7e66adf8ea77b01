import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { orderPlaced } from '../../workflows/signals';
import type { Sql } from '../db/client';
import type { IngestedOrder } from '../ingest/orders';

/**
 * The `onOrdersIngested` hook: tells every live run of each ordering customer about the order. A run with
 * stopOnPurchase ends as `converted` at once, even in the middle of a wait.
 */
export function createOrderSignaller(sql: Sql, client: Client) {
  return async function onOrdersIngested(orders: IngestedOrder[]): Promise<void> {
    const customerIds = [...new Set(orders.map((o) => o.customerId))];
    if (customerIds.length === 0) return;
    const live = await sql<{ workflow_id: string; customer_id: string; entered_at: Date }[]>`
      SELECT workflow_id, customer_id, entered_at FROM runs WHERE status = 'running' AND customer_id = ANY(${customerIds}::text[])`;
    await Promise.all(
      live.flatMap((run) =>
        orders
          .filter((o) => o.customerId === run.customer_id && o.placedAt >= run.entered_at)
          .map(async (order) => {
            try {
              await client.workflow.getHandle(run.workflow_id).signal(orderPlaced, {
                orderId: order.orderId,
                placedAt: order.placedAt.toISOString(),
                amount: order.amount,
              });
            } catch (error) {
              // The run finished between the query and the signal: nothing left to stop.
              if (!(error instanceof WorkflowNotFoundError)) throw error;
            }
          }),
      ),
    );
  };
}
