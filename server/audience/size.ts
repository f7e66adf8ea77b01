import type { Channel } from '../../shared/scenario/schema';
import { audienceMatchSql, blockedSql, frequencyLimitedSql, alreadyEnteredSql, type AudienceSpec, type SkipReason } from '../activities/audienceQuery';
import type { Sql } from '../db/client';
import { factSql } from './conditionSql';
import { NO_RULES, type EntryRules } from './entryRules';

/** Customers who would enter now that share the same reachable channels (subscribed with a contact). */
export interface ReachGroup {
  reachable: Record<Channel, boolean>;
  customers: number;
}

export interface AudienceSize {
  /** Customers matching the audience filter right now. */
  matching: number;
  /** Of those, stopped by the frequency limit that follows the filter. */
  limited: number;
  /** Of those, in a live run of this scenario or entered it today (they cannot enter again now). */
  inRun: number;
  /** Of the rest, in the global control group (they never enter; recorded as such when the scenario runs). */
  control: number;
  /** Of the rest, held by another scenario of the exclusivity group: in a live run of it, or it outranks this one. */
  exclusive: number;
  /** `exclusive` by the scenario that holds them and why. */
  exclusiveBy: Array<{ scenarioId: string; reason: 'running' | 'priority'; customers: number }>;
  /** Would enter if the scenario ran now: matching − limited − in a run − control group − held by the group. */
  entering: number;
  /** The entering customers grouped by which channels can reach them (at most 16 groups). */
  groups: ReachGroup[];
}

/**
 * Sizes a scenario's audience at `now` with the runtime's own audience SQL, so the number the editor shows is the
 * number the next daily run would enrol. One pass over the matching customers, grouped by flags.
 */
export async function audienceSize(sql: Sql, spec: AudienceSpec, now: Date, rules: EntryRules = NO_RULES): Promise<AudienceSize> {
  const blocked = blockedSql(sql, spec, rules, now);
  const rows = await sql<{ in_run: boolean; limited: boolean; blocked: SkipReason | null; other: string | null; sms: boolean; email: boolean; telegram: boolean; push: boolean; customers: number }[]>`
    SELECT in_run, limited, blocked, other, sms, email, telegram, push, count(*)::int AS customers
      FROM (SELECT ${alreadyEnteredSql(sql, spec, now)} AS in_run,
                   ${frequencyLimitedSql(sql, spec, now)} AS limited,
                   ${blocked ? sql`b.reason` : sql`NULL::text`} AS blocked,
                   ${blocked ? sql`b.other` : sql`NULL::uuid`} AS other,
                   ${factSql(sql, 'subscribed.sms', now)} AS sms,
                   ${factSql(sql, 'subscribed.email', now)} AS email,
                   ${factSql(sql, 'subscribed.telegram', now)} AS telegram,
                   ${factSql(sql, 'subscribed.push', now)} AS push
              FROM customers c JOIN customer_stats s ON s.customer_id = c.id
              ${blocked ? sql`LEFT JOIN LATERAL (${blocked}) b ON true` : sql``}
             WHERE ${audienceMatchSql(sql, spec, now)}) matched
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`;
  const size: AudienceSize = { matching: 0, limited: 0, inRun: 0, control: 0, exclusive: 0, exclusiveBy: [], entering: 0, groups: [] };
  const held = new Map<string, AudienceSize['exclusiveBy'][number]>();
  for (const row of rows) {
    size.matching += row.customers;
    // A customer in a live run is reported as such even when the limit would also stop them; the entry rules
    // apply to the customers the audience would select (as enrolment applies them).
    if (row.in_run) size.inRun += row.customers;
    else if (row.limited) size.limited += row.customers;
    else if (row.blocked === 'control') size.control += row.customers;
    else if (row.blocked !== null) {
      size.exclusive += row.customers;
      const reason = row.blocked === 'exclusive_running' ? 'running' : 'priority';
      const key = `${row.other}:${reason}`;
      const entry = held.get(key) ?? { scenarioId: row.other!, reason, customers: 0 };
      entry.customers += row.customers;
      held.set(key, entry);
    } else {
      size.entering += row.customers;
      size.groups.push({ reachable: { sms: row.sms, email: row.email, telegram: row.telegram, push: row.push }, customers: row.customers });
    }
  }
  size.exclusiveBy = [...held.values()].sort((a, b) => b.customers - a.customers);
  return size;
}

/** The channel a message goes out on for a group: the first of the preferred channels that reaches it (as `pickChannel`). */
export function channelFor(reachable: Record<Channel, boolean>, preferred: readonly Channel[]): Channel | null {
  return preferred.find((channel) => reachable[channel]) ?? null;
}
