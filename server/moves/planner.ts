import type { MovePlanner } from '../../shared/api/moves';
import { moveTargets, suggestedTarget } from '../../shared/scenario/moves';
import type { PlanNode } from '../../shared/scenario/plan';
import type { Sql } from '../db/client';
import { liveVersions } from './live';
import { plansInProgress } from './progress';

/**
 * The planner of a scenario: for every older version that still holds live runs, how many runs are at each node now
 * (and, for waits, when they wake), where "move" would point by default and which nodes of the current version they
 * may not move to, with why.
 */
export async function movePlanner(sql: Sql, scenarioId: string): Promise<MovePlanner> {
  const live = await liveVersions(sql, scenarioId);
  const to = live.current?.plan ?? null;
  const counts = live.older.length
    ? await sql<{ version: number; node_id: string | null; runs: number; first: Date | null; last: Date | null }[]>`
        SELECT coalesce(plan_version, version) AS version, current_node_id AS node_id, count(*)::int AS runs,
               min(next_wake_at) AS first, max(next_wake_at) AS last
          FROM runs
         WHERE scenario_id = ${scenarioId} AND status = 'running' AND coalesce(plan_version, version) = ANY(${live.older.map((v) => v.version)}::int[])
         GROUP BY 1, 2`
    : [];
  return {
    scenarioId,
    toVersion: live.current?.version ?? null,
    toNodes: to ? Object.values(to.nodes).map((n) => ({ id: n.id, type: n.type, name: n.name, ...waitHours(n) })) : [],
    versions: live.older.map((v) => ({
      version: v.version,
      publishedAt: v.publishedAt.toISOString(),
      runs: v.runs,
      nodes: counts
        .filter((c) => c.version === v.version)
        .map((c) => {
          // A run between its entry and its first step has no node yet: it is counted, under "entering".
          const node = c.node_id ? v.plan.nodes[c.node_id] : undefined;
          return {
            id: c.node_id ?? '',
            type: node?.type ?? 'dailyTrigger',
            name: node?.name ?? '',
            ...(node && waitHours(node)),
            runs: c.runs,
            wakes: c.first && c.last ? { first: c.first.toISOString(), last: c.last.toISOString() } : null,
            suggested: to && node ? suggestedTarget(v.plan, node.id, to) : null,
            refused: to && node ? moveTargets(v.plan, node.id, to).filter((t) => !t.allowed).map((t) => ({ nodeId: t.nodeId, why: t.why! })) : [],
          };
        })
        .sort((a, b) => order(v.plan, a.id) - order(v.plan, b.id)),
    })),
    inProgress: await plansInProgress(sql, scenarioId),
  };
}

const waitHours = (node: PlanNode) => (node.type === 'wait' ? { waitHours: node.config.days * 24 + (node.config.hours ?? 0) } : {});

/** Nodes in the plan's own order (the document's), so the planner reads top to bottom like the canvas. */
function order(plan: { nodes: Record<string, unknown> }, id: string): number {
  const i = Object.keys(plan.nodes).indexOf(id);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}
