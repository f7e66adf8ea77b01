import { MOVE_STATES as STATES, type MovePlanProgress } from '../../shared/api/moves';
import type { Sql } from '../db/client';


interface PlanRow {
  id: string;
  to_version: number;
  created_at: Date;
  created_by_name: string | null;
  expected: { runs: MovePlanProgress['expected'] };
  counts: Record<string, number> | null;
}

function progressOf(row: PlanRow): MovePlanProgress {
  const counts = Object.fromEntries(STATES.map((s) => [s, row.counts?.[s] ?? 0])) as MovePlanProgress['counts'];
  return { id: row.id, toVersion: row.to_version, createdAt: row.created_at.toISOString(), createdBy: row.created_by_name, counts, expected: row.expected.runs };
}

const PLAN_COLUMNS = (sql: Sql) => sql`
  p.id, p.to_version, p.created_at, p.created_by_name, p.expected,
  (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM run_moves m WHERE m.plan_id = p.id GROUP BY status) s) AS counts`;

/** One applied plan and where its runs are. */
export async function movePlanProgress(sql: Sql, scenarioId: string, planId: string): Promise<MovePlanProgress | null> {
  const [row] = await sql<PlanRow[]>`SELECT ${PLAN_COLUMNS(sql)} FROM move_plans p WHERE p.id = ${planId} AND p.scenario_id = ${scenarioId}`;
  return row ? progressOf(row) : null;
}

/** Plans of the scenario some of whose runs have not answered yet, newest first. */
export async function plansInProgress(sql: Sql, scenarioId: string): Promise<MovePlanProgress[]> {
  const rows = await sql<PlanRow[]>`
    SELECT ${PLAN_COLUMNS(sql)} FROM move_plans p
     WHERE p.scenario_id = ${scenarioId} AND EXISTS (SELECT 1 FROM run_moves m WHERE m.plan_id = p.id AND m.status IN ('pending', 'signalled'))
     ORDER BY p.created_at DESC LIMIT 20`;
  return rows.map(progressOf);
}
