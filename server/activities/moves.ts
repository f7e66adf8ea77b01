import type { Plan } from '../../shared/scenario/plan';
import type { RuntimeActivities } from '../../workflows/activities';
import type { Sql } from '../db/client';
import type { ActivityDeps } from './deps';
import { insertStep } from './runs';

/**
 * A run resolving a move at its safe point (server/moves/): one transaction records the outcome on the plan's row
 * and, for a move, moves the run's row to the new version and node and journals it.
 *
 * Once per leg. A leg ends with at most one move or exit, and the first one recorded stands: when a workflow task
 * is retried (a signal arrived while it completed), the run may resolve again, perhaps a later plan; it is then
 * answered with the decision already recorded for this leg, and the later plan is marked superseded. The workflow
 * follows the answer, not its own wish, so the run and its row never disagree.
 */
export function moveActivities({ sql }: ActivityDeps): Pick<RuntimeActivities, 'applyMove'> {
  return {
    async applyMove({ run, planId, outcome, fromNodeId, toVersion, toNodeId, at, by }) {
      const leg = run.leg ?? 0;
      return sql.begin(async (tx) => {
        const [earlier] = await tx<{ plan_id: string; status: 'moved' | 'exited'; to_node_id: string | null; to_version: number; by: string | null; at: Date }[]>`
          SELECT m.plan_id, m.status, m.to_node_id, p.to_version, p.created_by_name AS by, m.resolved_at AS at
            FROM run_moves m JOIN move_plans p ON p.id = m.plan_id
           WHERE m.run_id = ${run.runId} AND m.resolved_leg = ${leg} AND m.status IN ('moved', 'exited')
           LIMIT 1`;
        const decided = earlier
          ? { outcome: earlier.status, toNodeId: earlier.to_node_id, toVersion: earlier.to_version, by: earlier.by ?? undefined, at: earlier.at.toISOString(), planId: earlier.plan_id }
          : { outcome, toNodeId, toVersion, by, at, planId };
        const [versions] = await tx<{ from_plan: Plan | null; to_plan: Plan | null }[]>`
          SELECT (SELECT plan FROM scenario_versions WHERE scenario_id = ${run.scenarioId} AND version = ${run.version}) AS from_plan,
                 (SELECT plan FROM scenario_versions WHERE scenario_id = ${run.scenarioId} AND version = ${decided.toVersion}) AS to_plan`;
        const fromName = versions.from_plan?.nodes[fromNodeId]?.name ?? fromNodeId;
        const toName = decided.toNodeId ? (versions.to_plan?.nodes[decided.toNodeId]?.name ?? decided.toNodeId) : null;
        const who = decided.by ? ` (${decided.by})` : '';
        const reason =
          decided.outcome === 'moved'
            ? `перенесён с v${run.version} «${fromName}» на v${decided.toVersion} «${toName}»${who}`
            : decided.outcome === 'exited'
              ? `выведен из сценария при переходе на v${decided.toVersion}: шаг v${run.version} «${fromName}»${who}`
              : `остался на v${run.version} «${fromName}» при переходе на v${decided.toVersion}${who}`;
        await tx`
          UPDATE run_moves SET status = ${earlier && earlier.plan_id !== planId ? 'superseded' : outcome}, resolved_at = ${at},
                               resolved_node_id = ${fromNodeId}, resolved_leg = ${leg}, to_node_id = ${toNodeId}
           WHERE plan_id = ${planId} AND run_id = ${run.runId} AND status IN ('pending', 'signalled')`;
        const answer = { outcome: decided.outcome, toNodeId: decided.toNodeId, reason };
        if (decided.outcome !== 'stayed') {
          // The run answers one plan per leg; others still open for it will not be answered.
          await tx`
            UPDATE run_moves SET status = 'superseded', resolved_at = ${at}
             WHERE run_id = ${run.runId} AND plan_id <> ${decided.planId} AND status IN ('pending', 'signalled')`;
        }
        if (decided.outcome !== 'moved' || !versions.to_plan) return { ...answer, plan: null };
        await tx`
          UPDATE runs SET plan_version = ${decided.toVersion}, leg = ${leg + 1}, current_node_id = ${decided.toNodeId}, next_wake_at = null
           WHERE id = ${run.runId} AND status = 'running' AND leg = ${leg}`;
        // One journal line per leg's move (a retried resolution finds it written).
        await insertStep(tx as never, run, {
          nodeId: fromNodeId,
          nodeType: versions.from_plan?.nodes[fromNodeId]?.type ?? 'wait',
          at: decided.at,
          outcome: 'moved',
          port: null,
          reason,
          data: { planId: decided.planId, fromVersion: run.version, toVersion: decided.toVersion, toNodeId: decided.toNodeId, ...(decided.by && { by: decided.by }) },
          suffix: 'moved',
        });
        return { ...answer, plan: versions.to_plan };
      });
    },
  };
}
