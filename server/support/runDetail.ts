import type { ScenarioDocument } from '../../shared/scenario/schema';
import type { RunDetail, RunMove, RunStep, RunSummary } from '../../shared/api/support';
import { DEFAULT_TIME_ZONE } from '../../shared/i18n/format';
import { currentNodeQuery, nextWakeAtQuery, pathQuery, type PathEntry } from '../../workflows/signals';
import type { TemporalDeps } from '../api/deps';
import type { Sql } from '../db/client';
import { getRun } from './runs';

/** A live workflow answers within this; otherwise the page shows what the run table last recorded. */
const QUERY_TIMEOUT_MS = 3_000;

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('query timed out')), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export function temporalUiUrl(temporal: TemporalDeps | undefined, workflowId: string, runId: string): string | null {
  if (!temporal?.uiUrl) return null;
  return `${temporal.uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}`;
}

interface LiveAnswer {
  node: string | null;
  wake: string | null;
  path: PathEntry[];
}

/**
 * The live workflow of a run. A run that moved continued as new on its new version: its first execution (`run.id`)
 * is closed, answers queries with where it left and takes no signals, so it is the workflow id's latest execution.
 */
export function runWorkflow(temporal: TemporalDeps, run: Pick<RunSummary, 'id' | 'workflowId' | 'movedTo'>) {
  return run.movedTo.length > 0 ? temporal.client.workflow.getHandle(run.workflowId) : temporal.client.workflow.getHandle(run.workflowId, run.id);
}

/**
 * Where a live run is, from its workflow. For a moved run the latest execution's answer counts only if it carries
 * the earlier versions' path (a fresh run of the same customer would not).
 */
async function askWorkflow(temporal: TemporalDeps, run: RunSummary): Promise<LiveAnswer | null> {
  const moved = run.movedTo.length > 0;
  try {
    const handle = runWorkflow(temporal, run);
    const [node, wake, path] = await withTimeout(Promise.all([handle.query(currentNodeQuery), handle.query(nextWakeAtQuery), handle.query(pathQuery)]), QUERY_TIMEOUT_MS);
    if (moved && !path.some((p) => p.version !== undefined)) return null;
    return { node, wake, path };
  } catch {
    // No worker, or the workflow just ended: the table is at most one step behind.
    return null;
  }
}

type StepRow = { id: number; node_id: string; node_type: string; at: Date; outcome: string; port: string | null; reason: string | null; data: Record<string, unknown> | null; version: number };

/** A `moved` journal step as a move (server/activities/moves.ts writes its data). */
function moveOf(step: RunStep): RunMove {
  const data = step.data ?? {};
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    stepId: step.id,
    at: step.at,
    planId: text(data.planId),
    fromVersion: typeof data.fromVersion === 'number' ? data.fromVersion : step.version,
    fromNodeId: step.nodeId,
    toVersion: Number(data.toVersion),
    toNodeId: text(data.toNodeId),
    by: text(data.by),
  };
}

/**
 * The flight recorder: the run, the document of every version it executed on (the one it entered with, then each
 * one a move plan took it to), every journaled step with its version, and where it is now on its current version.
 */
export async function runDetail(sql: Sql, temporal: TemporalDeps | undefined, runId: string): Promise<RunDetail | null> {
  const before = await getRun(sql, runId);
  if (!before) return null;
  // Ask the live workflow first, then read the journal: activities journal a step before the workflow moves on, so a
  // journal read after the query is never behind the position the query reported.
  let live = before.status === 'running' && temporal ? await askWorkflow(temporal, before) : null;
  const [run, rows] = await Promise.all([
    getRun(sql, runId),
    sql<StepRow[]>`
      SELECT s.id, s.node_id, s.node_type, s.at, s.outcome, s.port, s.reason, s.data, coalesce(s.version, r.version) AS version
        FROM run_steps s JOIN runs r ON r.id = s.run_id
       WHERE s.run_id = ${runId} ORDER BY s.at, s.id`,
  ]);
  if (!run) return null;
  // It moved between the question and the journal read: the answer was about the version it left.
  if (run.currentVersion !== before.currentVersion) live = null;

  const steps: RunStep[] = rows.map((s) => ({ id: s.id, nodeId: s.node_id, nodeType: s.node_type, at: s.at.toISOString(), outcome: s.outcome, port: s.port, reason: s.reason, data: s.data, version: s.version }));
  const moves = steps.filter((s) => s.outcome === 'moved').map(moveOf);
  const order = [...new Set([run.version, ...run.movedTo, run.currentVersion])];
  const documents = await sql<{ version: number; document: ScenarioDocument }[]>`
    SELECT version, document FROM scenario_versions WHERE scenario_id = ${run.scenarioId} AND version = ANY(${order}::int[])`;
  const versions = order.flatMap((version) => documents.filter((d) => d.version === version).map((d) => ({ version, document: d.document })));
  const current = versions.find((v) => v.version === run.currentVersion) ?? versions[versions.length - 1];

  // The workflow tags the steps of versions it left; the rest are its current version's.
  const path = live
    ? live.path.map((p) => ({ nodeId: p.nodeId, port: p.port, at: p.at, version: p.version ?? run.currentVersion }))
    : steps.filter((s) => s.port !== null || s.outcome !== 'waiting').map((s) => ({ nodeId: s.nodeId, port: s.port, at: s.at, version: s.version }));
  const running = run.status === 'running';
  return {
    run,
    document: current.document,
    versions,
    moves,
    timezone: current.document.settings?.timezone ?? DEFAULT_TIME_ZONE,
    steps,
    path,
    currentNodeId: running ? (live ? live.node : run.currentNodeId) : null,
    nextWakeAt: running ? (live ? live.wake : run.nextWakeAt) : null,
    source: live ? 'workflow' : 'table',
    temporalUrl: temporalUiUrl(temporal, run.workflowId, run.id),
  };
}
