import type { Plan } from '../../shared/scenario/plan';
import { conditionSql } from '../audience/conditionSql';
import type { Sql } from '../db/client';

const DAY_MS = 86_400_000;

/**
 * One keyset page of a scenario's audience at `now`: customers matching the audience filter (pushed down as SQL),
 * not stopped by the frequency limit that follows it, and without a live run of this scenario.
 */
export function audienceQuery(sql: Sql, plan: Plan, page: { afterId: string | null; limit: number; now: Date }) {
  const { condition, frequencyLimit } = plan.audience;
  const matches = condition ? conditionSql(sql, condition, page.now) : sql`true`;
  // The keyset on both sides of the join: otherwise a merge join reads customer_stats from its start on every page.
  const after = page.afterId === null ? sql`` : sql`AND c.id > ${page.afterId} AND s.customer_id > ${page.afterId}`;
  let limited = sql``;
  if (frequencyLimit) {
    const since = new Date(page.now.getTime() - frequencyLimit.periodDays * DAY_MS);
    limited =
      frequencyLimit.count === 'entries'
        ? sql`AND (SELECT count(*) FROM runs r
                    WHERE r.customer_id = c.id AND r.entered_at > ${since} AND r.entered_at <= ${page.now}
                    ${frequencyLimit.scope === 'scenario' ? sql`AND r.scenario_id = ${plan.scenarioId}` : sql``}) < ${frequencyLimit.max}`
        : sql`AND (SELECT count(*) FROM messages m
                    WHERE m.customer_id = c.id AND m.status IN ('sent', 'sandbox')
                      AND coalesce(m.sent_at, m.created_at) > ${since} AND coalesce(m.sent_at, m.created_at) <= ${page.now}
                    ${frequencyLimit.scope === 'scenario' ? sql`AND m.scenario_id = ${plan.scenarioId}` : sql``}) < ${frequencyLimit.max}`;
  }
  return sql<{ id: string }[]>`
    SELECT c.id
      FROM customers c JOIN customer_stats s ON s.customer_id = c.id
     WHERE (${matches}) ${after}
       AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.scenario_id = ${plan.scenarioId} AND r.customer_id = c.id AND r.status = 'running')
       ${limited}
     ORDER BY c.id
     LIMIT ${page.limit}`;
}
