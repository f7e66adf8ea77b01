import type { RunStatus, RunSummary } from '../../shared/api/support';
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
  current_version: number;
  moved_to: number[];
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
  currentVersion: r.current_version,
  movedTo: r.moved_to,
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

/**
 * The version a run of `runs r` executes now and the versions move plans took it to. Those come from its `moved`
 * journal steps (written in the move's own transaction), read only for the rare run that moved.
 */
export function runVersionsSql(sql: Sql) {
  return sql`coalesce(r.plan_version, r.version) AS current_version,
             CASE WHEN r.leg > 0
                  THEN ARRAY(SELECT (m.data->>'toVersion')::int FROM run_steps m WHERE m.run_id = r.id AND m.outcome = 'moved' ORDER BY m.at, m.id)
                  ELSE '{}'::int[] END AS moved_to`;
}

const summarySql = (sql: Sql) => sql`
  r.id, r.workflow_id, r.scenario_id, s.name AS scenario_name, r.version, ${runVersionsSql(sql)}, r.customer_id, c.name AS customer_name,
  r.variant, r.status, r.entered_at, r.ended_at, r.end_reason, r.current_node_id, r.next_wake_at`;

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
    SELECT ${summarySql(sql)}
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
    SELECT ${summarySql(sql)}
      FROM runs r JOIN scenarios s ON s.id = r.scenario_id JOIN customers c ON c.id = r.customer_id
     WHERE r.id = ${runId}`;
  return row ? summaryOf(row) : null;
}
