import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { MoveChoice } from '../../shared/scenario/moves';
import { moveRun } from '../../workflows/signals';
import type { Sql } from '../db/client';
import { startBackgroundJob, type BackgroundJob } from '../infra/backgroundJob';
import { forEachConcurrently } from '../infra/concurrently';

/**
 * Delivers applied move plans (migration 0190): each pending `run_moves` row becomes one `moveRun` signal to its
 * run, and is marked `signalled` once Temporal accepted it; the run writes its own answer (moved / exited / stayed)
 * when it reaches a safe point (server/activities/moves.ts). A failed signal (Temporal away, a timeout) is retried
 * with backoff, so a plan applied while Temporal is down reaches the runs when it is back. Rows are claimed by moving
 * `next_attempt_at` forward (a lease), so several processes deliver side by side. A run that ended before answering
 * is marked `finished`: it is left alone.
 */

const LEASE_SECONDS = 60;
const BATCH = 200;
const CONCURRENCY = 32;
const MAX_BACKOFF_SECONDS = 30;

interface Row {
  plan_id: string;
  run_id: string;
  workflow_id: string;
  from_version: number;
  attempts: number;
  to_version: number;
  choices: Record<string, Record<string, MoveChoice>>;
  by: string | null;
  running: boolean;
  /** The run left `from_version` meanwhile (another plan moved it). */
  moved_on: boolean;
}

export interface MoveDeliveryReport {
  signalled: number;
  finished: number;
  failed: number;
  error: string | null;
}

/** Delivers one batch of due rows; `planId` limits it to one plan. */
export async function deliverRunMoves(sql: Sql, client: Client, options: { planId?: string; signalTimeoutMs?: number } = {}): Promise<MoveDeliveryReport> {
  const only = options.planId ? sql`AND plan_id = ${options.planId}` : sql``;
  // Answers that will never come: the run ended (converted, exited, completed) before reaching a safe point.
  const ended = await sql`
    UPDATE run_moves m SET status = 'finished', resolved_at = coalesce(r.ended_at, now())
      FROM runs r
     WHERE m.run_id = r.id AND r.status <> 'running' AND m.status IN ('pending', 'signalled') ${only}`;
  const rows = await sql<Row[]>`
    WITH due AS (
      UPDATE run_moves m SET attempts = m.attempts + 1, next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
       WHERE (m.plan_id, m.run_id) IN (
         SELECT plan_id, run_id FROM run_moves WHERE status = 'pending' AND next_attempt_at <= now() ${only}
          ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
       RETURNING m.plan_id, m.run_id, m.workflow_id, m.from_version, m.attempts)
    SELECT d.*, p.to_version, p.choices, p.created_by_name AS by, r.status = 'running' AS running,
           coalesce(r.plan_version, r.version) <> d.from_version AS moved_on
      FROM due d JOIN move_plans p ON p.id = d.plan_id JOIN runs r ON r.id = d.run_id`;
  const report: MoveDeliveryReport = { signalled: 0, finished: ended.count, failed: 0, error: null };
  const outcome = new Map<string, 'signalled' | 'finished' | 'superseded' | string>();
  const key = (r: Row) => `${r.plan_id}|${r.run_id}`;
  const timeoutMs = options.signalTimeoutMs ?? 5_000;
  await forEachConcurrently(rows, CONCURRENCY, async (row) => {
    if (!row.running) return void outcome.set(key(row), 'finished');
    if (row.moved_on) return void outcome.set(key(row), 'superseded');
    try {
      await client.withDeadline(Date.now() + timeoutMs, () =>
        client.workflow.getHandle(row.workflow_id).signal(moveRun, {
          planId: row.plan_id,
          runId: row.run_id,
          fromVersion: row.from_version,
          toVersion: row.to_version,
          choices: row.choices[String(row.from_version)] ?? {},
          ...(row.by && { by: row.by }),
        }),
      );
      outcome.set(key(row), 'signalled');
    } catch (error) {
      outcome.set(key(row), error instanceof WorkflowNotFoundError ? 'finished' : ((error as Error)?.message ?? String(error)).slice(0, 500));
    }
  });
  const updates = rows.map((r) => {
    const o = outcome.get(key(r))!;
    const failed = o !== 'signalled' && o !== 'finished' && o !== 'superseded';
    return { plan: r.plan_id, run: r.run_id, status: failed ? 'pending' : o, delay: failed ? Math.min(MAX_BACKOFF_SECONDS, 2 ** (r.attempts - 1)) : 0, error: failed ? o : null };
  });
  if (updates.length) {
    // Only rows still pending: a run may have answered (moved) between the signal and this line.
    await sql`
      UPDATE run_moves m SET status = t.status, next_attempt_at = now() + make_interval(secs => t.delay), last_error = t.error,
                             resolved_at = CASE WHEN t.status IN ('finished', 'superseded') THEN now() ELSE m.resolved_at END
        FROM jsonb_to_recordset(${JSON.stringify(updates)}::text::jsonb) AS t(plan uuid, run text, status text, delay int, error text)
       WHERE m.plan_id = t.plan AND m.run_id = t.run AND m.status = 'pending'`;
  }
  for (const u of updates) {
    if (u.status === 'signalled') report.signalled++;
    else if (u.status === 'finished' || u.status === 'superseded') report.finished++;
    else {
      report.failed++;
      report.error ??= u.error;
    }
  }
  return report;
}

/** Delivers move plans in the background: every 2 seconds, at once when nudged after a plan is applied. */
export function startRunMoveDeliverer(sql: Sql, client: Client, options: { everyMs?: number; log?: (line: string) => void } = {}): BackgroundJob {
  return startBackgroundJob({
    name: 'run moves',
    everyMs: options.everyMs ?? 2_000,
    log: options.log,
    async pass() {
      const r = await deliverRunMoves(sql, client);
      return { done: r.signalled + r.finished, failed: r.failed, error: r.error, more: r.signalled + r.finished + r.failed >= BATCH };
    },
  });
}
