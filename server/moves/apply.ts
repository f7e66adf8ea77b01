import { randomUUID } from 'node:crypto';
import type { MoveChoices, MovePlanProgress } from '../../shared/api/moves';
import type { Lang } from '../../shared/i18n/text';
import { audit } from '../audit';
import type { Sql } from '../db/client';
import type { Actor } from '../scenarios/store';
import { checkChoices } from './choices';
import { liveVersions } from './live';
import { movePlanProgress } from './progress';

/**
 * Applies a move plan: records it and one `run_moves` row for every live run at a node whose choice is "move" or
 * "exit" (one transaction, with the audit entry), for the deliverer (server/moves/deliver.ts) to signal. Each run
 * then resolves it at its next safe point: the choice of the node it is at when it gets there (a waiting run: at
 * once). Runs at nodes that stay are not told anything.
 */
export async function applyMovePlan(
  sql: Sql,
  scenarioId: string,
  choices: MoveChoices,
  who: Actor & { name: string | null },
  lang: Lang,
): Promise<MovePlanProgress> {
  const live = await liveVersions(sql, scenarioId);
  const checked = checkChoices(live, choices, lang);
  const planId = randomUUID();
  const stored = Object.fromEntries([...checked.byVersion].map(([version, v]) => [String(version), v.choices]));
  await sql.begin(async (tx) => {
    await tx`
      INSERT INTO move_plans (id, scenario_id, to_version, choices, expected, created_by, created_by_name)
      VALUES (${planId}, ${scenarioId}, ${checked.toVersion}, ${tx.json(stored)}, '{"runs":{}}', ${who.userId}, ${who.name})`;
    for (const [version, { choices: nodes }] of checked.byVersion) {
      await tx`
        INSERT INTO run_moves (plan_id, run_id, workflow_id, from_version, from_node_id)
        SELECT ${planId}, id, workflow_id, ${version}, current_node_id FROM runs
         WHERE scenario_id = ${scenarioId} AND status = 'running' AND coalesce(plan_version, version) = ${version}
           AND current_node_id = ANY(${Object.keys(nodes)}::text[])`;
    }
    // What the plan concerned when it was applied, to compare with what the runs then did.
    const [expected] = await tx<{ runs: Record<string, Record<string, number>> | null }[]>`
      SELECT jsonb_object_agg(v, nodes) AS runs FROM (
        SELECT from_version::text AS v, jsonb_object_agg(from_node_id, n) AS nodes
          FROM (SELECT from_version, from_node_id, count(*)::int AS n FROM run_moves WHERE plan_id = ${planId} GROUP BY 1, 2) c
         GROUP BY 1) g`;
    await tx`UPDATE move_plans SET expected = ${tx.json({ runs: expected.runs ?? {} })} WHERE id = ${planId}`;
    await audit(tx as unknown as Sql, {
      ...who,
      action: 'scenario.moveRuns',
      entity: `scenario:${scenarioId}`,
      details: { planId, toVersion: checked.toVersion, choices: stored, runs: expected.runs ?? {} },
    });
  });
  return (await movePlanProgress(sql, scenarioId, planId))!;
}

