import type { RuntimeActivities } from '../../workflows/activities';
import type { ActivityDeps } from './deps';
import { checkBeforeEffect } from './stopOnPurchase';
import { renderOrFail, templateContext } from './templateContext';

/** `task`: a staff_tasks row (e.g. "call the customer and ask why"), once per run + node. */
export function taskActivities({ sql }: ActivityDeps): Pick<RuntimeActivities, 'createTask'> {
  return {
    async createTask({ run, nodeId, role, text, bonus, timezone, now }) {
      const key = `${run.runId}:${nodeId}`;
      await checkBeforeEffect(sql, run, 'staff_tasks', key);
      const found = await templateContext(sql, { customerId: run.customerId, scenarioId: run.scenarioId, runId: run.runId, bonus, now: new Date(now) });
      const rendered = found ? await renderOrFail(text, found.context, found.timezone ?? timezone) : text;
      const [created] = await sql<{ id: number; text: string }[]>`
        INSERT INTO staff_tasks (idempotency_key, run_id, scenario_id, node_id, customer_id, role, text, created_at)
        VALUES (${key}, ${run.runId}, ${run.scenarioId}, ${nodeId}, ${run.customerId}, ${role}, ${rendered}, ${now})
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id, text`;
      if (created) return { taskId: created.id, text: created.text };
      const [existing] = await sql<{ id: number; text: string }[]>`SELECT id, text FROM staff_tasks WHERE idempotency_key = ${key}`;
      return { taskId: existing.id, text: existing.text };
    },
  };
}
