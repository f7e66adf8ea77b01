import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { CustomerRunResult } from '../../workflows/customerRun';
import type { Sql } from '../db/client';
import { startBackgroundJob, type BackgroundJob } from '../infra/backgroundJob';
import { forEachConcurrently } from '../infra/concurrently';
import { lineLogger, log as processLog } from '../infra/log';

/**
 * Reconciliation of the runs table with Temporal. A run's row is written by its own workflow, so the two agree
 * while the workflow ends its own way; a workflow terminated, reset or lost outside Comeback (an operator in the
 * Temporal UI, a namespace recreated) leaves its row `running` for ever, and that customer could never enter the
 * scenario again. A pass compares the least recently checked live runs with their workflows and closes the rows
 * whose workflow is gone, with a journal line saying why; the customer may then enter again.
 */

/**
 * Live runs compared per pass, one pass a minute: 30,000 an hour, so a stale row among N live runs is found within
 * about N ÷ 30,000 hours at worst, for a bounded load on Temporal (one describe per run).
 */
const BATCH = 500;
/** Describe calls in flight at once. */
const CONCURRENCY = 16;
/** Runs younger than this are not checked (a workflow just started), and a run is checked at most this often. */
const MIN_AGE_SECONDS = 3600;

interface LiveRun {
  id: string;
  workflow_id: string;
  current_node_id: string | null;
  node_type: string | null;
}

export interface ReconcileReport {
  checked: number;
  /** Rows closed because their workflow was no longer running. */
  repaired: number;
  /** Runs that could not be checked (Temporal unreachable); tried again at a later pass. */
  failed: number;
  error: string | null;
}

/** Compares one batch of live runs with Temporal and closes the ones whose workflow is gone. */
export async function reconcileRuns(sql: Sql, client: Client, options: { minAgeSeconds?: number; timeoutMs?: number } = {}): Promise<ReconcileReport> {
  const minAge = options.minAgeSeconds ?? MIN_AGE_SECONDS;
  // Claimed by stamping checked_at, so processes that reconcile side by side take different runs.
  const runs = await sql<LiveRun[]>`
    WITH due AS (
      SELECT id FROM runs
       WHERE status = 'running' AND entered_at < now() - make_interval(secs => ${minAge})
         AND (checked_at IS NULL OR checked_at < now() - make_interval(secs => ${minAge}))
       ORDER BY checked_at NULLS FIRST LIMIT ${BATCH}
         FOR UPDATE SKIP LOCKED
    )
    UPDATE runs r SET checked_at = now() FROM due
     WHERE r.id = due.id
    RETURNING r.id, r.workflow_id, r.current_node_id,
              (SELECT v.plan->'nodes'->coalesce(r.current_node_id, v.plan->>'entry')->>'type'
                 FROM scenario_versions v WHERE v.scenario_id = r.scenario_id AND v.version = r.version) AS node_type`;
  const report: ReconcileReport = { checked: 0, repaired: 0, failed: 0, error: null };
  const timeoutMs = options.timeoutMs ?? 5_000;
  await forEachConcurrently(runs, CONCURRENCY, async (run) => {
    try {
      const verdict = await client.withDeadline(Date.now() + timeoutMs, () => workflowVerdict(client, run));
      report.checked++;
      if (verdict && (await closeRun(sql, run, verdict))) report.repaired++;
    } catch (error) {
      report.failed++;
      report.error ??= (error as Error)?.message ?? String(error);
    }
  });
  return report;
}

interface Verdict {
  status: 'completed' | 'converted' | 'limited' | 'exited';
  reason: string;
  /** The workflow's own end time (ISO), when it finished on its own. */
  endedAt: string | null;
}

/** Null while the workflow runs; otherwise how its row should end. */
async function workflowVerdict(client: Client, run: LiveRun): Promise<Verdict | null> {
  let handle = client.workflow.getHandle(run.workflow_id, run.id);
  let status: string;
  try {
    status = (await handle.describe()).status.name;
    // A run that moved to another version continued as new: its latest execution says how it is.
    if (status === 'CONTINUED_AS_NEW') {
      handle = client.workflow.getHandle(run.workflow_id);
      status = (await handle.describe()).status.name;
    }
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    return { status: 'exited', reason: 'прервано вне Comeback: процесса клиента больше нет в Temporal', endedAt: null };
  }
  if (status === 'RUNNING') return null;
  if (status === 'COMPLETED') {
    // It finished on its own, but its last write did not land: the workflow's result says how it ended.
    const result = (await handle.result()) as CustomerRunResult;
    return { status: result.status, reason: result.reason, endedAt: result.endedAt };
  }
  const words: Record<string, string> = { TERMINATED: 'остановлен', CANCELLED: 'отменён', FAILED: 'завершился с ошибкой', TIMED_OUT: 'превысил время' };
  return { status: 'exited', reason: `прервано вне Comeback: процесс клиента в Temporal ${words[status] ?? status}`, endedAt: null };
}

/** Closes the row if it is still running, with a journal line at the node the run was at; false if it had ended meanwhile. */
async function closeRun(sql: Sql, run: LiveRun, verdict: Verdict): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [closed] = await tx<{ at: Date }[]>`
      UPDATE runs SET status = ${verdict.status}, ended_at = coalesce(${verdict.endedAt}::timestamptz, now()), end_reason = ${verdict.reason}, next_wake_at = NULL
       WHERE id = ${run.id} AND status = 'running'
      RETURNING ended_at AS at`;
    if (!closed) return false;
    if (run.node_type) {
      await tx`
        INSERT INTO run_steps (run_id, node_id, node_type, at, outcome, port, reason, data, idempotency_key)
        SELECT ${run.id}, coalesce(${run.current_node_id}, v.plan->>'entry'), ${run.node_type}, ${closed.at}, ${verdict.status}, NULL, ${verdict.reason},
               ${tx.json({ reconciled: true })}, ${`${run.id}:reconciled`}
          FROM runs r JOIN scenario_versions v ON v.scenario_id = r.scenario_id AND v.version = r.version
         WHERE r.id = ${run.id}
        ON CONFLICT (idempotency_key) DO NOTHING`;
    }
    return true;
  }) as Promise<boolean>;
}

/** Reconciles in the background: one batch every `everyMs` (default a minute). */
export function startRunReconciler(sql: Sql, client: Client, options: { everyMs?: number; log?: (line: string) => void } = {}): BackgroundJob {
  const log = options.log ?? lineLogger(processLog, 'warn');
  return startBackgroundJob({
    name: 'run reconciliation',
    everyMs: options.everyMs ?? 60_000,
    firstAfterMs: 30_000,
    log,
    async pass() {
      const r = await reconcileRuns(sql, client);
      if (r.repaired > 0) log(`[run reconciliation] closed ${r.repaired} run(s) whose workflow was no longer running in Temporal`);
      return { done: r.checked, failed: r.failed, error: r.error };
    },
  });
}
