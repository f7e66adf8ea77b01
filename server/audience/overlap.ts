import type postgres from 'postgres';
import type { Cap, CapPeriod } from '../../shared/policy/caps';
import { alreadyEnteredSql, audienceMatchSql, blockedSql, frequencyLimitedSql, type AudienceSpec } from '../activities/audienceQuery';
import type { Sql } from '../db/client';
import { controlGroupSql } from '../policy/control';
import type { PolicyInForce } from '../policy/store';
import type { EntryRules, OtherScenario } from './entryRules';

type Fragment = postgres.PendingQuery<postgres.Row[]>;

export interface Overlap {
  /** Customers who would enter but for the exclusivity group: the ones compared with the other scenarios. */
  base: number;
  /** Per other scenario (in the order given): how many of `base` are in its audience today. */
  customers: number[];
  /** Per cap of the policy (in its order): how many entering customers already reached it in their current period. */
  atCap: number[];
  /** Entering customers who reached at least one cap. */
  atAnyCap: number;
}

/** `now` in the customer's zone (theirs when known, else the scenario's), as a local timestamp. */
const localNow = (sql: Sql, now: Date, zone: Fragment) => sql`(${now.toISOString()}::timestamptz AT TIME ZONE ${zone})`;

/**
 * The bounds of the customer's current local day, ISO week or month as instants: the SQL of `periodBounds`
 * (shared/policy/caps.ts), whose weeks start on Monday as PostgreSQL's `date_trunc('week', …)` does.
 */
function periodSql(sql: Sql, period: CapPeriod, now: Date, zone: Fragment): { start: Fragment; next: Fragment } {
  const truncated = sql`date_trunc(${period}::text, ${localNow(sql, now, zone)})`;
  const step = sql`${`1 ${period}`}::interval`;
  return { start: sql`(${truncated} AT TIME ZONE ${zone})`, next: sql`((${truncated} + ${step}) AT TIME ZONE ${zone})` };
}

/**
 * What the other scenarios and the policy will do to this audience, in one pass over the customers who would enter
 * but for the exclusivity group (matching, not in a run, not stopped by the frequency limit, not in the control
 * group): for each other scenario, how many of them are in its audience today (its condition and its pushed-down
 * frequency limit at `now`, as its own enrolment would select them); and how many of those who do enter have
 * already reached a cap of the policy in their current local period, counting what the caps count at send time
 * (messages not of a service node and not failed, by `counted_at`), so their messages would be deferred.
 */
export async function audienceOverlap(
  sql: Sql,
  spec: AudienceSpec,
  now: Date,
  rules: EntryRules,
  others: OtherScenario[],
  policy: Pick<PolicyInForce, 'caps'>,
): Promise<Overlap> {
  const caps: Cap[] = policy.caps;
  const blocked = blockedSql(sql, spec, { ...rules, control: { ...rules.control, controlGroup: { sharePct: 0 } } }, now);
  const zone = sql`coalesce(c.timezone, ${spec.settings.timezone})`;
  const inOther = others.map((o, i) => sql`, count(*) FILTER (WHERE (${audienceMatchSql(sql, o.spec, now)}) AND NOT (${frequencyLimitedSql(sql, o.spec, now)}))::int AS ${sql(`o${i}`)}`);
  // One read of the customer's counted messages since the earliest period start, with a count per cap.
  let sent = sql``;
  let capColumns: Fragment[] = [];
  if (caps.length > 0) {
    const periods = caps.map((cap) => periodSql(sql, cap.period, now, zone));
    const since = periods.map((p) => p.start).reduce((a, b) => sql`${a}, ${b}`);
    const counts = caps.map(
      (cap, i) =>
        sql`count(*) FILTER (WHERE m.counted_at >= ${periods[i].start} AND m.counted_at < ${periods[i].next}
                                ${cap.channel === 'all' ? sql`` : sql`AND m.channel = ${cap.channel}`})::int AS ${sql(`k${i}`)}`,
    );
    sent = sql`LEFT JOIN LATERAL (SELECT ${counts.reduce((a, b) => sql`${a}, ${b}`)}
                                    FROM messages m
                                   WHERE m.customer_id = c.id AND NOT m.service AND m.status <> 'failed' AND m.counted_at >= least(${since})) k ON true`;
    capColumns = caps.map((cap, i) => sql`, count(*) FILTER (WHERE ${blocked ? sql`b.reason IS NULL AND` : sql``} k.${sql(`k${i}`)} >= ${cap.max})::int AS ${sql(`cap${i}`)}`);
    capColumns.push(
      sql`, count(*) FILTER (WHERE ${blocked ? sql`b.reason IS NULL AND` : sql``} (${caps.map((cap, i) => sql`k.${sql(`k${i}`)} >= ${cap.max}`).reduce((a, b) => sql`${a} OR ${b}`)}))::int AS any_cap`,
    );
  }
  const joined = (parts: Fragment[]) => parts.reduce((a, b) => sql`${a} ${b}`, sql``);
  const [row] = await sql<Record<string, number>[]>`
    SELECT count(*)::int AS base ${joined(inOther)} ${joined(capColumns)}
      FROM customers c JOIN customer_stats s ON s.customer_id = c.id
      ${blocked ? sql`LEFT JOIN LATERAL (${blocked}) b ON true` : sql``}
      ${sent}
     WHERE (${audienceMatchSql(sql, spec, now)})
       AND NOT (${alreadyEnteredSql(sql, spec, now)})
       AND NOT (${frequencyLimitedSql(sql, spec, now)})
       AND NOT (${controlGroupSql(sql, sql`c.id`, rules.control)})`;
  return {
    base: row.base,
    customers: others.map((_, i) => row[`o${i}`]),
    atCap: caps.map((_, i) => row[`cap${i}`]),
    atAnyCap: caps.length > 0 ? row.any_cap : 0,
  };
}
