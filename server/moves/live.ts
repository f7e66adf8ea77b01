import type { Plan } from '../../shared/scenario/plan';
import type { Sql } from '../db/client';
import { notFound } from '../api/errors';
import { isScenarioId } from '../scenarios/store';

/** The versions of a scenario that still hold live runs, and the version runs move to (the current one). */
export interface LiveVersions {
  scenarioId: string;
  current: { version: number; plan: Plan } | null;
  /** Older versions with live runs, newest first. */
  older: Array<{ version: number; plan: Plan; publishedAt: Date; runs: number }>;
}

export async function liveVersions(sql: Sql, scenarioId: string): Promise<LiveVersions> {
  const missing = () => notFound({ ru: `Сценарий ${scenarioId} не найден`, en: `Scenario ${scenarioId} not found` }, 'scenario_not_found');
  if (!isScenarioId(scenarioId)) throw missing();
  const [scenario] = await sql<{ current_version: number | null }[]>`SELECT current_version FROM scenarios WHERE id = ${scenarioId}`;
  if (!scenario) throw missing();
  const rows = await sql<{ version: number; plan: Plan; published_at: Date; runs: number }[]>`
    SELECT v.version, v.plan, v.published_at, l.runs
      FROM (SELECT coalesce(plan_version, version) AS version, count(*)::int AS runs
              FROM runs WHERE scenario_id = ${scenarioId} AND status = 'running' GROUP BY 1) l
      JOIN scenario_versions v ON v.scenario_id = ${scenarioId} AND v.version = l.version
     ORDER BY v.version DESC`;
  let current: LiveVersions['current'] = null;
  if (scenario.current_version !== null) {
    const [row] = await sql<{ plan: Plan }[]>`SELECT plan FROM scenario_versions WHERE scenario_id = ${scenarioId} AND version = ${scenario.current_version}`;
    current = { version: scenario.current_version, plan: row.plan };
  }
  return {
    scenarioId,
    current,
    older: rows.filter((r) => r.version !== scenario.current_version).map((r) => ({ version: r.version, plan: r.plan, publishedAt: r.published_at, runs: r.runs })),
  };
}

/** One live run as the dry run needs it. */
export interface LiveRun {
  id: string;
  workflowId: string;
  customerId: string;
  customerName: string | null;
  timeZone: string | null;
  version: number;
  nodeId: string | null;
  nextWakeAt: Date | null;
  bonus: { points: number; expiresAt: Date } | null;
}

/** Every live run of these versions (a keyset walk, so a large scenario is read in pages, not one huge answer). */
export async function* liveRuns(sql: Sql, scenarioId: string, versions: number[], pageSize = 5_000): AsyncGenerator<LiveRun[]> {
  let after = '';
  for (;;) {
    const rows = await sql<
      { id: string; workflow_id: string; customer_id: string; name: string | null; timezone: string | null; version: number; current_node_id: string | null; next_wake_at: Date | null; points: number | null; expires_at: Date | null }[]
    >`
      SELECT r.id, r.workflow_id, r.customer_id, c.name, c.timezone, coalesce(r.plan_version, r.version) AS version, r.current_node_id, r.next_wake_at,
             b.points, b.expires_at
        FROM runs r
        JOIN customers c ON c.id = r.customer_id
        LEFT JOIN LATERAL (SELECT points, expires_at FROM bonus_ledger g WHERE g.run_id = r.id AND g.kind = 'grant' ORDER BY g.at DESC LIMIT 1) b ON true
       WHERE r.scenario_id = ${scenarioId} AND r.status = 'running' AND coalesce(r.plan_version, r.version) = ANY(${versions}::int[]) AND r.id > ${after}
       ORDER BY r.id LIMIT ${pageSize}`;
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      id: r.id,
      workflowId: r.workflow_id,
      customerId: r.customer_id,
      customerName: r.name,
      timeZone: r.timezone,
      version: r.version,
      nodeId: r.current_node_id,
      nextWakeAt: r.next_wake_at,
      bonus: r.points !== null ? { points: r.points, expiresAt: r.expires_at ?? new Date(8.64e15) } : null,
    }));
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].id;
  }
}
