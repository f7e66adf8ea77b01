import { WorkflowNotFoundError } from '@temporalio/client';
import { exitRun, markConverted, skipWait } from '../../workflows/signals';
import type { TemporalDeps } from '../api/deps';
import { audit } from '../audit';
import type { Sql } from '../db/client';
import { runWorkflow } from './runDetail';
import { getRun } from './runs';

import type { RunAction, RunSummary } from '../../shared/api/support';

export interface RunActor {
  userId: number | null;
  tokenId: number | null;
  /** Shown in the run's journal, e.g. "Ольга Петрова (поддержка)". */
  label: string;
}

export type RunActionResult =
  | { ok: true; run: RunSummary }
  | { ok: false; problem: 'not_found' }
  | { ok: false; problem: 'ended'; run: RunSummary };

/** How long the request waits for an exit or a conversion to be journaled, so the answer shows the final status. */
const SETTLE_MS = 5_000;

/**
 * Signals the live workflow of a run and audits who did it. The workflow itself journals the step with its
 * Russian reason and updates the runs row; for exit and convert the answer waits (briefly) until it has.
 */
export async function actOnRun(sql: Sql, temporal: TemporalDeps, runId: string, action: RunAction, actor: RunActor, reason?: string): Promise<RunActionResult> {
  const run = await getRun(sql, runId);
  if (!run) return { ok: false, problem: 'not_found' };
  if (run.status !== 'running') return { ok: false, problem: 'ended', run };
  const handle = runWorkflow(temporal, run);
  try {
    if (action === 'exit') await handle.signal(exitRun, { reason: reason || undefined, by: actor.label });
    else if (action === 'convert') await handle.signal(markConverted, { reason: reason || undefined, by: actor.label });
    else await handle.signal(skipWait, { by: actor.label });
  } catch (error) {
    // The workflow finished between our read and the signal (the row is updated a moment later).
    if (error instanceof WorkflowNotFoundError) return { ok: false, problem: 'ended', run: (await getRun(sql, runId)) ?? run };
    throw error;
  }
  await audit(sql, {
    userId: actor.userId,
    tokenId: actor.tokenId,
    action: `run.${action === 'skip-wait' ? 'skip_wait' : action}`,
    entity: `run:${run.id}`,
    details: { scenarioId: run.scenarioId, customerId: run.customerId, nodeId: run.currentNodeId, ...(reason ? { reason } : {}) },
  });
  if (action !== 'skip-wait') await settle(handle);
  return { ok: true, run: (await getRun(sql, runId)) ?? run };
}

async function settle(handle: { result(): Promise<unknown> }): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([handle.result().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, SETTLE_MS)))]);
  clearTimeout(timer);
}
