import type { RunRef, RuntimeActivities, StepRecord } from '../../workflows/activities';
import type { Sql } from '../db/client';
import type { ActivityDeps } from './deps';
import { orderSinceEntry } from './stopOnPurchase';

/**
 * The journal key of one step: run + node (+ suffix for a node's intermediate records, e.g. a quiet-hours hold), and
 * the leg after a run moved to another version (the new version's node of the same id is a step of its own).
 */
export function stepKey(run: Pick<RunRef, 'runId' | 'leg'>, step: Pick<StepRecord, 'nodeId' | 'suffix'>): string {
  return `${run.runId}:${run.leg ? `L${run.leg}:` : ''}${step.nodeId}${step.suffix ? `:${step.suffix}` : ''}`;
}

export async function insertStep(sql: Sql, run: RunRef, step: StepRecord): Promise<void> {
  await sql`
    INSERT INTO run_steps (run_id, node_id, node_type, at, outcome, port, reason, data, idempotency_key, version)
    VALUES (${run.runId}, ${step.nodeId}, ${step.nodeType}, ${step.at}, ${step.outcome}, ${step.port},
            ${step.reason ?? null}, ${step.data ? sql.json(step.data as never) : null}, ${stepKey(run, step)}, ${run.version})
    ON CONFLICT (idempotency_key) DO NOTHING`;
}

/**
 * Journals a step and moves the run's cursor in one statement (one round trip, atomic). A journal line that already
 * exists (a retried call, or a workflow task re-run after a failure) is left as it was and does not move the cursor,
 * so the cursor never steps back to an earlier node.
 */
export async function journalStep(sql: Sql, run: RunRef, step: StepRecord, cursor: { currentNodeId: string | null; nextWakeAt: string | null }): Promise<void> {
  await sql`
    WITH journal AS (
      INSERT INTO run_steps (run_id, node_id, node_type, at, outcome, port, reason, data, idempotency_key, version)
      VALUES (${run.runId}, ${step.nodeId}, ${step.nodeType}, ${step.at}, ${step.outcome}, ${step.port},
              ${step.reason ?? null}, ${step.data ? sql.json(step.data as never) : null}, ${stepKey(run, step)}, ${run.version})
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING 1
    )
    UPDATE runs SET current_node_id = ${cursor.currentNodeId}, next_wake_at = ${cursor.nextWakeAt}
     WHERE id = ${run.runId} AND status = 'running' AND EXISTS (SELECT 1 FROM journal)`;
}

/** Run bookkeeping: the runs row and its journal. Every write is idempotent, so retries and replays are harmless. */
export function runActivities({ sql }: ActivityDeps): Pick<RuntimeActivities, 'beginRun' | 'recordStep' | 'setVariant' | 'endRun'> {
  return {
    async beginRun({ run, enteredAt, passed, timezone, entry }) {
      // A run that entered on an event (an order, a custom event, a birthday, points expiring, a segment) belongs to its
      // entry key, not to a day's firing: another event the same day may enter the customer again once this run ended.
      const byEvent = entry !== undefined;
      const entered = await sql.begin(async (tx) => {
        // Temporal allows one live workflow per id, so a `running` row of another run id is stale (e.g. terminated
        // by an operator): close it, or the one-live-run index would refuse this entry.
        await tx`
          UPDATE runs SET status = 'exited', ended_at = ${enteredAt}, end_reason = 'прервано: клиент вошёл в сценарий заново'
           WHERE scenario_id = ${run.scenarioId} AND customer_id = ${run.customerId} AND status = 'running' AND id <> ${run.runId}`;
        // The firing is the scenario's local day of entry, the entry key the event's: a second run of the same firing
        // or event inserts nothing.
        const [inserted] = await tx`
          INSERT INTO runs (id, workflow_id, scenario_id, version, customer_id, status, entered_at, current_node_id, firing, entry_key, trigger_event)
          VALUES (${run.runId}, ${run.workflowId}, ${run.scenarioId}, ${run.version}, ${run.customerId}, 'running', ${enteredAt}, null,
                  ${timezone && !byEvent ? tx`(${enteredAt}::timestamptz AT TIME ZONE ${timezone})::date` : null},
                  ${entry?.key ?? null}, ${entry ? tx.json(entry.event as never) : null})
          ON CONFLICT DO NOTHING
          RETURNING 1`;
        if (!inserted) {
          // A retry of this very run finds its own row; anything else is another run of the same firing.
          const [own] = await tx`SELECT 1 FROM runs WHERE id = ${run.runId}`;
          if (!own) return false;
        }
        for (const step of passed) await insertStep(tx as unknown as Sql, run, step);
        return true;
      });
      if (!entered) return { entered: false, ordered: null };
      // Read after the row is committed: an order whose outbox delivery ran before the row existed is seen here;
      // one ingested later finds the row. Either way the run hears of it (server/temporal/orderSignals.ts).
      return { entered: true, ordered: await orderSinceEntry(sql, run) };
    },
    async recordStep({ run, step, currentNodeId, nextWakeAt }) {
      await journalStep(sql, run, step, { currentNodeId, nextWakeAt });
    },
    async setVariant({ run, variant }) {
      await sql`UPDATE runs SET variant = ${variant} WHERE id = ${run.runId}`;
    },
    async endRun({ run, status, at, reason }) {
      await sql`
        UPDATE runs SET status = ${status}, ended_at = ${at}, end_reason = ${reason}, next_wake_at = null
         WHERE id = ${run.runId} AND status = 'running'`;
    },
  };
}
