import type postgres from 'postgres';
import { triggerType, type Plan } from '../../shared/scenario/plan';
import type { Reentry } from '../../shared/scenario/nodes/reentry';
import { startOfZonedDay, zonedParts } from '../../shared/time/zoned';
import { conditionSql } from '../audience/conditionSql';
import { NO_RULES, type EntryRules } from '../audience/entryRules';
import { dateTriggerWhere, type ScheduledTrigger } from '../entries/scheduled';
import type { Sql } from '../db/client';
import { controlGroupSql, controlThreshold } from '../policy/control';

const DAY_MS = 86_400_000;

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/** What the audience query needs of a plan; an unsaved draft has no scenario id (no runs, no messages of its own). */
export interface AudienceSpec {
  scenarioId: string | null;
  /** The scenario's time zone: a trigger firing is one local day in it. */
  settings: Pick<Plan['settings'], 'timezone'> & Partial<Pick<Plan['settings'], 'priority' | 'exclusivityGroup'>>;
  audience: Pick<Plan['audience'], 'condition' | 'frequencyLimit'>;
  /**
   * An event trigger's re-entry rule: entry is then per event instead of per local day (alreadyEnteredSql). Absent:
   * once per firing.
   */
  reentry?: Reentry;
  /**
   * A draft's trigger, for estimates: a birthday or points-expiring trigger narrows the audience to whom it is about
   * today (server/entries/scheduled.ts). Enrolment passes its scheduled trigger per page instead (AudiencePage.trigger).
   */
  dateTrigger?: { type: string; config: unknown };
}

/** The audience filter as a `WHERE` expression over `customers c JOIN customer_stats s` (everyone without a filter). */
export function audienceMatchSql(sql: Sql, spec: AudienceSpec, now: Date): Fragment {
  const match = spec.audience.condition ? conditionSql(sql, spec.audience.condition, now) : sql`true`;
  const about = spec.dateTrigger ? dateTriggerWhere(sql, spec.dateTrigger, now, spec.settings.timezone) : null;
  return about ? sql`(${match}) AND (${about})` : match;
}

/**
 * True when customer `c` cannot enter this scenario at `now`: they are in a live run of it, or entered it during
 * this trigger firing (the scenario's local day of `now`). Entry is once per scenario, customer and firing
 * however often the audience is evaluated that day (a retried page, "enrol now" and then the schedule); on a later
 * day a customer whose run has ended may enter again, unless the marketer's frequency limit says otherwise.
 */
export function alreadyEnteredSql(sql: Sql, spec: AudienceSpec, now: Date): Fragment {
  if (spec.scenarioId === null) return sql`false`;
  if (spec.reentry) return reentryBlockedSql(sql, spec.scenarioId, spec.reentry, now);
  const firing = startOfZonedDay(now, spec.settings.timezone);
  return sql`EXISTS (SELECT 1 FROM runs r WHERE r.scenario_id = ${spec.scenarioId} AND r.customer_id = c.id
                       AND (r.status = 'running' OR r.entered_at >= ${firing}))`;
}

/**
 * An event trigger's rule (shared/scenario/nodes/reentry.ts): customer `c` may not enter on an event at `now` while in
 * a live run of the scenario, nor ever again after a first entry (`once`), nor within `days` of the last (`cooldown`).
 */
function reentryBlockedSql(sql: Sql, scenarioId: string, rule: Reentry, now: Date): Fragment {
  const since = rule.mode === 'once' ? null : rule.mode === 'cooldown' ? new Date(now.getTime() - rule.days * DAY_MS) : now;
  const earlier = since === null ? sql`true` : sql`r.entered_at > ${since}`;
  return sql`EXISTS (SELECT 1 FROM runs r WHERE r.scenario_id = ${scenarioId} AND r.customer_id = c.id AND (r.status = 'running' OR ${earlier}))`;
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

/** Why the audience selected a customer who did not enter (the `entry_skips.reason` values). */
export type SkipReason = 'control' | 'exclusive_running' | 'exclusive_priority';

/** The firing's local calendar day in the scenario's zone, as the `entry_skips.day` it is recorded under. */
export function firingDay(now: Date, timeZone: string): string {
  const p = zonedParts(now, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/**
 * Why customer `c`, selected by this scenario's audience at `now`, may not enter it: a subquery of one row
 * (`reason`, `other` scenario) or none, for a LEFT JOIN LATERAL. Null when these rules can block nobody (no control
 * group, no exclusivity group), so that path costs nothing. The branches are tried in order, and the first that
 * holds is the reason (a UNION ALL under LIMIT 1 stops there):
 * 1. a scenario of the group that outranks this one already took the customer during its own firing today;
 * 2. the customer is in a live run of another scenario of the group (the group of the run's version, read from
 *    EntryRules.groupVersions);
 * 3. a scenario of the group that outranks this one will take the customer today: its audience condition and its
 *    pushed-down frequency limit at the same `now`;
 * 4. the customer is in the global control group — last, so that a 'control' record says "would have entered this
 *    scenario" (the comparison its report makes), and a control customer the group would have kept out of it is
 *    recorded as such.
 * 1 and 3 together give the same answer whichever trigger fires first that day: before the stronger scenario fired,
 * 3 holds; after, 1 does (its own entry may have switched its frequency limit on, so 3 alone would not).
 */
export function blockedSql(sql: Sql, spec: AudienceSpec, rules: EntryRules, now: Date): Fragment | null {
  const branches: Fragment[] = [];
  // 1 and 2 in one read of the customer's runs (a few rows by runs_customer_idx): a run a stronger scenario of the
  // group started today comes first, then any live run on a version of the group.
  const claimed = rules.rivals.map((r) => sql`(r.scenario_id = ${r.scenarioId}::uuid AND r.entered_at >= ${startOfZonedDay(now, r.spec.settings.timezone)})`);
  const claimedSql = claimed.length > 0 ? sql`(${claimed.reduce((a, b) => sql`${a} OR ${b}`)})` : sql`false`;
  const live =
    rules.groupVersions.length > 0
      ? sql`(r.status = 'running' AND (r.scenario_id, coalesce(r.plan_version, r.version)) IN
              (SELECT * FROM unnest(${sql.array(rules.groupVersions.map((v) => v.scenarioId))}::uuid[], ${sql.array(rules.groupVersions.map((v) => v.version))}::int[])))`
      : sql`false`;
  if (claimed.length > 0 || rules.groupVersions.length > 0) {
    branches.push(sql`(SELECT CASE WHEN ${claimedSql} THEN 'exclusive_priority' ELSE 'exclusive_running' END AS reason, r.scenario_id AS other
                         FROM runs r
                        WHERE r.customer_id = c.id AND (${claimedSql} OR ${live})
                        ORDER BY ${claimed.length > 0 ? sql`${claimedSql} DESC, array_position(${sql.array(rules.rivals.map((r) => r.scenarioId))}::uuid[], r.scenario_id),` : sql``} r.entered_at DESC
                        LIMIT 1)`);
  }
  // Only a daily trigger "wants" a customer on a day by its audience alone; an event trigger's wants come with events.
  for (const rival of rules.rivals.filter((r) => triggerType(r.spec) === 'dailyTrigger')) {
    branches.push(sql`SELECT 'exclusive_priority'::text AS reason, ${rival.scenarioId}::uuid AS other
                       WHERE (${audienceMatchSql(sql, rival.spec, now)}) AND NOT (${frequencyLimitedSql(sql, rival.spec, now)})`);
  }
  // Last: a 'control' row means "would have entered this scenario", the comparison group of its report.
  if (controlThreshold(rules.control.controlGroup.sharePct) > 0) {
    branches.push(sql`SELECT 'control'::text AS reason, NULL::uuid AS other WHERE ${controlGroupSql(sql, sql`c.id`, rules.control)}`);
  }
  if (branches.length === 0) return null;
  return sql`SELECT * FROM (${branches.reduce((a, b) => sql`${a} UNION ALL ${b}`)}) AS why LIMIT 1`;
}

/** A customer the audience selected: `blocked` says why they may not enter after all; `event` is a scheduled trigger's data about them. */
export interface AudienceRow {
  id: string;
  blocked: SkipReason | null;
  event: Record<string, unknown> | null;
}

export interface AudiencePage {
  afterId: string | null;
  limit: number;
  now: Date;
  /** Only these customers (the customers of events that met an event trigger). */
  only?: string[];
  /**
   * A scheduled trigger's own part (server/entries/scheduled.ts): whom it is about, and its firing's entry key, which
   * replaces "once per local day" as what a customer enters once.
   */
  trigger?: Pick<ScheduledTrigger, 'where' | 'key' | 'rowData'> | null;
}

/**
 * One keyset page of a scenario's audience at `now`: customers matching the audience filter (pushed down as SQL),
 * not stopped by the frequency limit that follows it, and not already entered (alreadyEnteredSql); `blocked` says
 * why one of them may not enter after all (blockedSql; null: enters). Paging runs over every selected customer,
 * blocked or not, so a page of `limit` rows is one query whatever the rules hold back. The same statement records
 * the blocked ones in `entry_skips` for the firing's local day (once: a second evaluation that day changes nothing).
 */
export function audienceQuery(sql: Sql, plan: AudienceSpec, page: AudiencePage, rules: EntryRules = NO_RULES) {
  // The keyset on both sides of the join: otherwise a merge join reads customer_stats from its start on every page.
  const after = page.afterId === null ? sql`` : sql`AND c.id > ${page.afterId} AND s.customer_id > ${page.afterId}`;
  const only = page.only ? sql`AND c.id = ANY(${page.only}::text[])` : sql``;
  const trigger = page.trigger ? sql`AND (${page.trigger.where})` : sql``;
  const entered =
    page.trigger && plan.scenarioId !== null
      ? sql`EXISTS (SELECT 1 FROM runs r WHERE r.scenario_id = ${plan.scenarioId} AND r.customer_id = c.id AND (r.status = 'running' OR r.entry_key = ${page.trigger.key}))`
      : alreadyEnteredSql(sql, plan, page.now);
  const rowData = page.trigger?.rowData ?? sql`NULL::jsonb`;
  const blocked = blockedSql(sql, plan, rules, page.now);
  const where = sql`
     WHERE (${audienceMatchSql(sql, plan, page.now)}) ${after} ${only} ${trigger}
       AND NOT (${entered})
       AND NOT (${frequencyLimitedSql(sql, plan, page.now)})`;
  if (blocked === null) {
    return sql<AudienceRow[]>`
      SELECT c.id, NULL::text AS blocked, ${rowData} AS event
        FROM customers c JOIN customer_stats s ON s.customer_id = c.id
      ${where}
       ORDER BY c.id
       LIMIT ${page.limit}`;
  }
  const record =
    plan.scenarioId === null
      ? sql``
      : sql`, skipped AS (
          INSERT INTO entry_skips (scenario_id, customer_id, day, at, reason, other_scenario_id)
          SELECT ${plan.scenarioId}::uuid, id, ${firingDay(page.now, plan.settings.timezone)}::date, ${page.now}, blocked, other
            FROM page WHERE blocked IS NOT NULL
          ON CONFLICT DO NOTHING)`;
  return sql<AudienceRow[]>`
    WITH page AS MATERIALIZED (
      SELECT c.id, b.reason AS blocked, b.other, ${rowData} AS event
        FROM customers c JOIN customer_stats s ON s.customer_id = c.id
        LEFT JOIN LATERAL (${blocked}) b ON true
      ${where}
       ORDER BY c.id
       LIMIT ${page.limit}
    )${record}
    SELECT id, blocked, event FROM page ORDER BY id`;
}
