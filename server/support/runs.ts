import type { ScenarioDocument } from '../../shared/scenario/schema';
import type { RunDetail, RunStatus, RunStep, RunSummary } from '../../shared/api/support';
import { DEFAULT_TIME_ZONE } from '../../shared/i18n/format';
import { currentNodeQuery, nextWakeAtQuery, pathQuery, type PathEntry } from '../../workflows/signals';
import type { TemporalDeps } from '../api/deps';
import type { Sql } from '../db/client';

export interface RunFilters {
  scenarioId: string;
  status?: RunStatus;
  nodeId?: string;
  variant?: string;
  enteredFrom?: Date;
  enteredTo?: Date;
  cursor?: string;
  limit?: number;
}

interface RunRow {
  id: string;
  workflow_id: string;
  scenario_id: string;
  scenario_name: string;
  version: number;
  customer_id: string;
  customer_name: string | null;
  variant: string | null;
  status: RunStatus;
  entered_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
  current_node_id: string | null;
  next_wake_at: Date | null;
}

const summaryOf = (r: RunRow): RunSummary => ({
  id: r.id,
  workflowId: r.workflow_id,
  scenarioId: r.scenario_id,
  scenarioName: r.scenario_name,
  version: r.version,
  customerId: r.customer_id,
  customerName: r.customer_name,
  variant: r.variant,
  status: r.status,
  enteredAt: r.entered_at.toISOString(),
  endedAt: r.ended_at?.toISOString() ?? null,
  endReason: r.end_reason,
  currentNodeId: r.current_node_id,
  nextWakeAt: r.next_wake_at?.toISOString() ?? null,
});

/** Opaque to clients: the (entered_at, id) of the last row of a page. */
export function encodeRunCursor(enteredAt: string, id: string): string {
  return Buffer.from(JSON.stringify([enteredAt, id])).toString('base64url');
}

export function decodeRunCursor(cursor: string): { enteredAt: Date; id: string } | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const enteredAt = new Date(at);
    return typeof id === 'string' && !Number.isNaN(enteredAt.getTime()) ? { enteredAt, id } : null;
  } catch {
    return null;
  }
}

/**
 * Runs of one scenario, newest entries first, keyset-paged on (entered_at DESC, id): every page starts where the
 * previous ended inside one index (runs_scenario_*_idx), so page 1,000 of a million runs costs what page 1 does.
 */
export async function listRuns(sql: Sql, f: RunFilters): Promise<{ items: RunSummary[]; nextCursor: string | null }> {
  const limit = f.limit ?? 50;
  const after = f.cursor ? decodeRunCursor(f.cursor) : null;
  const rows = await sql<RunRow[]>`
    SELECT r.id, r.workflow_id, r.scenario_id, s.name AS scenario_name, r.version, r.customer_id, c.name AS customer_name,
           r.variant, r.status, r.entered_at, r.ended_at, r.end_reason, r.current_node_id, r.next_wake_at
      FROM runs r
      JOIN scenarios s ON s.id = r.scenario_id
      JOIN customers c ON c.id = r.customer_id
     WHERE ${filterSql(sql, f)}
       ${after ? sql`AND r.entered_at <= ${after.enteredAt} AND (r.entered_at < ${after.enteredAt} OR r.id > ${after.id})` : sql``}
     ORDER BY r.entered_at DESC, r.id
     LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit).map(summaryOf);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rows.length > limit && last ? encodeRunCursor(last.enteredAt, last.id) : null };
}

/** How many runs match the filters (the cursor and limit aside): an export checks its size with it. */
export async function countRuns(sql: Sql, f: RunFilters): Promise<number> {
  const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM runs r WHERE ${filterSql(sql, f)}`;
  return n;
}

function filterSql(sql: Sql, f: RunFilters) {
  return sql`r.scenario_id = ${f.scenarioId}
       ${f.status ? sql`AND r.status = ${f.status}` : sql``}
       ${f.nodeId ? sql`AND r.current_node_id = ${f.nodeId}` : sql``}
       ${f.variant ? sql`AND r.variant = ${f.variant}` : sql``}
       ${f.enteredFrom ? sql`AND r.entered_at >= ${f.enteredFrom}` : sql``}
       ${f.enteredTo ? sql`AND r.entered_at < ${f.enteredTo}` : sql``}`;
}

export async function getRun(sql: Sql, runId: string): Promise<RunSummary | null> {
  const [row] = await sql<RunRow[]>`
    SELECT r.id, r.workflow_id, r.scenario_id, s.name AS scenario_name, r.version, r.customer_id, c.name AS customer_name,
           r.variant, r.status, r.entered_at, r.ended_at, r.end_reason, r.current_node_id, r.next_wake_at
      FROM runs r JOIN scenarios s ON s.id = r.scenario_id JOIN customers c ON c.id = r.customer_id
     WHERE r.id = ${runId}`;
  return row ? summaryOf(row) : null;
}

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

/** The flight recorder: the run, its version's document, every journaled step, and where it is now. */
export async function runDetail(sql: Sql, temporal: TemporalDeps | undefined, runId: string): Promise<RunDetail | null> {
  const run = await getRun(sql, runId);
  if (!run) return null;
  // Ask the live workflow first, then read the journal: activities journal a step before the workflow moves on, so a
  // journal read after the query is never behind the position the query reported.
  let live: { node: string | null; wake: string | null; path: PathEntry[] } | null = null;
  if (run.status === 'running' && temporal) {
    try {
      const handle = temporal.client.workflow.getHandle(run.workflowId, run.id);
      const [node, wake, path] = await withTimeout(Promise.all([handle.query(currentNodeQuery), handle.query(nextWakeAtQuery), handle.query(pathQuery)]), QUERY_TIMEOUT_MS);
      live = { node, wake, path };
    } catch {
      // No worker, or the workflow just ended: the table is at most one step behind.
    }
  }
  const [[version], steps] = await Promise.all([
    sql<{ document: ScenarioDocument }[]>`SELECT document FROM scenario_versions WHERE scenario_id = ${run.scenarioId} AND version = ${run.version}`,
    sql<{ id: number; node_id: string; node_type: string; at: Date; outcome: string; port: string | null; reason: string | null; data: Record<string, unknown> | null }[]>`
      SELECT id, node_id, node_type, at, outcome, port, reason, data FROM run_steps WHERE run_id = ${runId} ORDER BY at, id`,
  ]);
  const journal: RunStep[] = steps.map((s) => ({ id: s.id, nodeId: s.node_id, nodeType: s.node_type, at: s.at.toISOString(), outcome: s.outcome, port: s.port, reason: s.reason, data: s.data }));
  const path = live?.path ?? journal.filter((s) => s.port !== null || s.outcome !== 'waiting').map((s) => ({ nodeId: s.nodeId, port: s.port, at: s.at }));
  const currentNodeId = live ? live.node : run.currentNodeId;
  const nextWakeAt = live ? live.wake : run.nextWakeAt;
  const source: RunDetail['source'] = live ? 'workflow' : 'table';
  return {
    run,
    document: version.document,
    timezone: version.document.settings?.timezone ?? DEFAULT_TIME_ZONE,
    steps: journal,
    path,
    currentNodeId: run.status === 'running' ? currentNodeId : null,
    nextWakeAt: run.status === 'running' ? nextWakeAt : null,
    source,
    temporalUrl: temporalUiUrl(temporal, run.workflowId, run.id),
  };
}
