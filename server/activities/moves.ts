import type { Plan } from '../../shared/scenario/plan';
import type { RuntimeActivities } from '../../workflows/activities';
import type { ActivityDeps } from './deps';
import { insertStep } from './runs';

/**
 * A run resolving a move at its safe point (server/moves/): one transaction records the outcome on the plan's row
 * and, for a move, moves the run's row to the new version and node and journals it. Idempotent: a retried call
 * finds the row resolved and the journal line written, and returns the same plan and words.
 */
export function moveActivities({ sql }: ActivityDeps): Pick<RuntimeActivities, 'applyMove'> {
  return {
    async applyMove({ run, planId, outcome, fromNodeId, toVersion, toNodeId, at, by }) {
      return sql.begin(async (tx) => {
        const [versions] = await tx<{ from_plan: Plan | null; to_plan: Plan | null }[]>`
          SELECT (SELECT plan FROM scenario_versions WHERE scenario_id = ${run.scenarioId} AND version = ${run.version}) AS from_plan,
                 (SELECT plan FROM scenario_versions WHERE scenario_id = ${run.scenarioId} AND version = ${toVersion}) AS to_plan`;
        const fromName = versions.from_plan?.nodes[fromNodeId]?.name ?? fromNodeId;
        const toName = toNodeId ? (versions.to_plan?.nodes[toNodeId]?.name ?? toNodeId) : null;
        const who = by ? ` (${by})` : '';
        const reason =
          outcome === 'moved'
            ? `перенесён с v${run.version} «${fromName}» на v${toVersion} «${toName}»${who}`
            : outcome === 'exited'
              ? `выведен из сценария при переходе на v${toVersion}: шаг v${run.version} «${fromName}»${who}`
              : `остался на v${run.version} «${fromName}» при переходе на v${toVersion}${who}`;
        await tx`
          UPDATE run_moves SET status = ${outcome}, resolved_at = ${at}, resolved_node_id = ${fromNodeId}, to_node_id = ${toNodeId}
           WHERE plan_id = ${planId} AND run_id = ${run.runId} AND status IN ('pending', 'signalled')`;
        if (outcome !== 'moved' || !versions.to_plan) return { plan: null, reason };
        const leg = run.leg ?? 0;
        await tx`
          UPDATE runs SET plan_version = ${toVersion}, leg = ${leg + 1}, current_node_id = ${toNodeId}, next_wake_at = null
           WHERE id = ${run.runId} AND status = 'running' AND leg = ${leg}`;
        await insertStep(tx as never, run, {
          nodeId: fromNodeId,
          nodeType: versions.from_plan?.nodes[fromNodeId]?.type ?? 'wait',
          at,
          outcome: 'moved',
          port: null,
          reason,
          data: { planId, fromVersion: run.version, toVersion, toNodeId, ...(by && { by }) },
          suffix: `moved:${planId}`,
        });
        return { plan: versions.to_plan, reason };
      });
    },
  };
}
