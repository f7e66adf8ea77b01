import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { orderPlaced } from '../../workflows/signals';
import type { Sql } from '../db/client';
import { startBackgroundJob, type BackgroundJob } from '../infra/backgroundJob';
import { forEachConcurrently } from '../infra/concurrently';
import { claimDue, settleClaimed, type LeasedOutbox } from '../infra/leasedOutbox';

/**
 * Stop on purchase, delivered from the `order_signals` outbox (migration 0120): order ingest writes one row per
 * new order in its own transaction; this signals every live run the customer entered before the purchase and
 * deletes the row once Temporal has accepted all of them. A row whose delivery fails (Temporal unreachable, a
 * timeout) stays and is tried again with backoff, so a purchase reaches the runs as soon as Temporal is back.
 * Runs that had not written their row yet when the order was delivered see the order themselves (beginRun looks
 * after recording the run), and every effect a customer would see checks for a purchase first (server/activities/
 * stopOnPurchase.ts): the signal is the fast path, not the only one.
 */

/** Rows claimed 200 at a time, each for a minute (a process that died mid-way), retried after 1 s, 2 s … 30 s. */
const OUTBOX: LeasedOutbox = { table: 'order_signals', key: 'order_id', leaseSeconds: 60, batch: 200, maxBackoffSeconds: 30 };
const BATCH = OUTBOX.batch;
/** At most this many signals in flight at once. */
const CONCURRENCY = 32;

interface OutboxRow {
  order_id: string;
  customer_id: string;
  placed_at: Date;
  amount: number;
  attempts: number;
}

export interface DeliveryReport {
  /** Rows whose signals Temporal accepted (or that had no live run to tell), now deleted. */
  delivered: number;
  /** Rows left for a later attempt. */
  failed: number;
  /** Signals accepted by Temporal. */
  signalled: number;
  /** The first failure, for the log. */
  error: string | null;
}

export interface DeliverOptions {
  /** Only these orders (a simulation delivers its own order at once); default: every due row, one batch. */
  orderIds?: string[];
  /** Deadline of one signal call; default 5 s. */
  signalTimeoutMs?: number;
}

/** Delivers one batch of due outbox rows. */
export async function deliverOrderSignals(sql: Sql, client: Client, options: DeliverOptions = {}): Promise<DeliveryReport> {
  const rows = (await claimDue<OutboxRow>(sql, OUTBOX, ['order_id', 'customer_id', 'placed_at', 'amount'], options.orderIds)).map((r) => ({ ...r, amount: Number(r.amount) }));
  const report: DeliveryReport = { delivered: 0, failed: 0, signalled: 0, error: null };
  if (rows.length === 0) return report;

  const live = await sql<{ workflow_id: string; customer_id: string; entered_at: Date }[]>`
    SELECT workflow_id, customer_id, entered_at FROM runs
     WHERE status = 'running' AND customer_id = ANY(${[...new Set(rows.map((r) => r.customer_id))]}::text[])`;
  const signals = rows.flatMap((row) =>
    live.filter((run) => run.customer_id === row.customer_id && run.entered_at <= row.placed_at).map((run) => ({ row, workflowId: run.workflow_id })),
  );
  const failures = new Map<string, string>();
  const timeoutMs = options.signalTimeoutMs ?? 5_000;
  await forEachConcurrently(signals, CONCURRENCY, async ({ row, workflowId }) => {
    if (failures.has(row.order_id)) return;
    try {
      await client.withDeadline(Date.now() + timeoutMs, () =>
        client.workflow.getHandle(workflowId).signal(orderPlaced, { orderId: row.order_id, placedAt: row.placed_at.toISOString(), amount: row.amount }),
      );
      report.signalled++;
    } catch (error) {
      // The run finished between the query and the signal: nothing left to stop.
      if (error instanceof WorkflowNotFoundError) return;
      failures.set(row.order_id, (error as Error)?.message ?? String(error));
    }
  });

  const settled = await settleClaimed(sql, OUTBOX, rows.map((r) => ({ key: r.order_id, attempts: r.attempts })), failures);
  return { ...report, ...settled };
}

/**
 * Delivers the outbox in the background (see startBackgroundJob): every second, at once when nudged after an
 * ingest commits, and batch after batch while there is more.
 */
export function startOrderSignalDeliverer(sql: Sql, client: Client, options: { everyMs?: number; log?: (line: string) => void } = {}): BackgroundJob {
  return startBackgroundJob({
    name: 'order signals',
    everyMs: options.everyMs ?? 1_000,
    log: options.log,
    async pass() {
      const r = await deliverOrderSignals(sql, client);
      return { done: r.delivered, failed: r.failed, error: r.error, more: r.delivered + r.failed >= BATCH };
    },
  });
}
