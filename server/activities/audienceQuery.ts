import type postgres from 'postgres';
import type { Plan } from '../../shared/scenario/plan';
import { startOfZonedDay } from '../../shared/time/zoned';
import { conditionSql } from '../audience/conditionSql';
import type { Sql } from '../db/client';

const DAY_MS = 86_400_000;

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/** What the audience query needs of a plan; an unsaved draft has no scenario id (no runs, no messages of its own). */
export interface AudienceSpec {
  scenarioId: string | null;
  /** The scenario's time zone: a trigger firing is one local day in it. */
  settings: Pick<Plan['settings'], 'timezone'>;
  audience: Pick<Plan['audience'], 'condition' | 'frequencyLimit'>;
}

/** The audience filter as a `WHERE` expression over `customers c JOIN customer_stats s` (everyone without a filter). */
export function audienceMatchSql(sql: Sql, spec: AudienceSpec, now: Date): Fragment {
  return spec.audience.condition ? conditionSql(sql, spec.audience.condition, now) : sql`true`;
}

/**
 * True when customer `c` cannot enter this scenario at `now`: they are in a live run of it, or entered it during
 * this trigger firing (the scenario's local day of `now`). Entry is once per scenario, customer and firing
 * however often the audience is evaluated that day (a retried page, "enrol now" and then the schedule); on a later
 * day a customer whose run has ended may enter again, unless the marketer's frequency limit says otherwise.
 */
export function alreadyEnteredSql(sql: Sql, spec: AudienceSpec, now: Date): Fragment {
  if (spec.scenarioId === null) return sql`false`;
  const firing = startOfZonedDay(now, spec.settings.timezone);
  return sql`EXISTS (SELECT 1 FROM runs r WHERE r.scenario_id = ${spec.scenarioId} AND r.customer_id = c.id
                       AND (r.status = 'running' OR r.entered_at >= ${firing}))`;
}

/** True when the frequency limit pushed down after the filter would stop customer `c` at `now` (false without one). */
export function frequencyLimitedSql(sql: Sql, spec: AudienceSpec, now: Date): Fragment {
  const limit = spec.audience.frequencyLimit;
  if (!limit) return sql`false`;
  const since = new Date(now.getTime() - limit.periodDays * DAY_MS);
  const own = limit.scope === 'scenario';
  // A draft never saved has no entries or messages of its own yet.
  if (own && spec.scenarioId === null) return sql`false`;
  return limit.count === 'entries'
    ? sql`(SELECT count(*) FROM runs r
            WHERE r.customer_id = c.id AND r.entered_at > ${since} AND r.entered_at <= ${now}
            ${own ? sql`AND r.scenario_id = ${spec.scenarioId}` : sql``}) >= ${limit.max}`
    : sql`(SELECT count(*) FROM messages m
            WHERE m.customer_id = c.id AND m.status IN ('sent', 'sandbox')
              AND coalesce(m.sent_at, m.created_at) > ${since} AND coalesce(m.sent_at, m.created_at) <= ${now}
            ${own ? sql`AND m.scenario_id = ${spec.scenarioId}` : sql``}) >= ${limit.max}`;
}

/**
 * One keyset page of a scenario's audience at `now`: customers matching the audience filter (pushed down as SQL),
 * not stopped by the frequency limit that follows it, and not already entered (alreadyEnteredSql).
 */
export function audienceQuery(sql: Sql, plan: Plan, page: { afterId: string | null; limit: number; now: Date }) {
  // The keyset on both sides of the join: otherwise a merge join reads customer_stats from its start on every page.
  const after = page.afterId === null ? sql`` : sql`AND c.id > ${page.afterId} AND s.customer_id > ${page.afterId}`;
  return sql<{ id: string }[]>`
    SELECT c.id
      FROM customers c JOIN customer_stats s ON s.customer_id = c.id
     WHERE (${audienceMatchSql(sql, plan, page.now)}) ${after}
       AND NOT (${alreadyEnteredSql(sql, plan, page.now)})
       AND NOT (${frequencyLimitedSql(sql, plan, page.now)})
     ORDER BY c.id
     LIMIT ${page.limit}`;
}
