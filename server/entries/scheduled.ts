import type postgres from 'postgres';
import type { Condition } from '../../shared/conditions/schema';
import type { NodeConfig } from '../../shared/scenario/schema';
import { triggerType, type Plan } from '../../shared/scenario/plan';
import { addLocalDays, zonedParts, zonedToInstant } from '../../shared/time/zoned';
import type { TriggerEvent } from '../../workflows/activities';
import { dateTimeIn, plural } from '../../workflows/words';
import { conditionSql } from '../audience/conditionSql';
import type { Sql } from '../db/client';

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/**
 * The part of a scheduled trigger other than the daily one that the audience query adds (server/activities/
 * audienceQuery.ts): who the trigger is about at this firing, the firing's entry key (a customer enters once per key),
 * and the event each customer enters on. Evaluated by the scenario's Schedule like the daily audience, and never by
 * reading orders: birthdays by the month-day index of birth dates, expiring points by the ledger's expiry index, a
 * segment by its condition against the members remembered at the previous check.
 */
export interface ScheduledTrigger {
  /** A WHERE expression over `customers c JOIN customer_stats s`. */
  where: Fragment;
  key: string;
  /** A jsonb expression per customer handed to `event` (null: nothing per customer). */
  rowData: Fragment | null;
  event(rowData: Record<string, unknown> | null): TriggerEvent;
  /** Inside the page's transaction, after its customers were selected (a segment remembers them as members). */
  selected?(ids: string[]): Promise<void>;
}

const isoDay = (d: { year: number; month: number; day: number }) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
const ddmm = (d: { month: number; day: number }) => `${String(d.day).padStart(2, '0')}.${String(d.month).padStart(2, '0')}`;
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * The scheduled trigger of `plan` at the firing `now`, or null for the daily trigger (and any event trigger). `first`:
 * this is the firing's first page (a segment trigger forgets the members who left it then).
 */
export async function scheduledTrigger(sql: Sql, plan: Plan, now: Date, first: boolean): Promise<ScheduledTrigger | null> {
  const node = plan.nodes[plan.trigger.nodeId];
  const zone = plan.settings.timezone;
  switch (triggerType(plan)) {
    case 'birthdayTrigger':
      return birthday(sql, node.config as NodeConfig<'birthdayTrigger'>, now, zone);
    case 'bonusExpiryTrigger':
      return bonusExpiry(sql, node.config as NodeConfig<'bonusExpiryTrigger'>, now, zone);
    case 'segmentTrigger':
      return segment(sql, plan, node.config as NodeConfig<'segmentTrigger'>, now, first);
    default:
      return null;
  }
}

/** The birthday a firing at `now` is about: `daysBefore` local days after today. */
const birthdayDate = (config: NodeConfig<'birthdayTrigger'>, now: Date, zone: string) => addLocalDays(zonedParts(now, zone), config.daysBefore);

/** Customers whose birthday falls on `date`; 29 February counts as 28 February in other years. */
function birthdayWhere(sql: Sql, date: { year: number; month: number; day: number }): Fragment {
  const monthDays = [date.month * 100 + date.day];
  if (date.month === 2 && date.day === 28 && !isLeap(date.year)) monthDays.push(229);
  // The same expression as customers_birthday_idx.
  return sql`c.birth_date IS NOT NULL AND (extract(month FROM c.birth_date)::int * 100 + extract(day FROM c.birth_date)::int) = ANY(${monthDays}::int[])`;
}

/** Customers whose birthday is `daysBefore` local days after today. */
function birthday(sql: Sql, config: NodeConfig<'birthdayTrigger'>, now: Date, zone: string): ScheduledTrigger {
  const date = birthdayDate(config, now, zone);
  const when = config.daysBefore === 0 ? 'сегодня' : `через ${config.daysBefore} ${plural(config.daysBefore, ['день', 'дня', 'дней'])}`;
  return {
    where: birthdayWhere(sql, date),
    key: `birthday:${date.year}`,
    rowData: null,
    event: () => ({
      kind: 'birthday',
      id: `birthday:${date.year}`,
      at: zonedToInstant({ ...date, hour: 0, minute: 0 }, zone).toISOString(),
      data: { date: isoDay(date) },
      title: `день рождения ${ddmm(date)} (${when})`,
    }),
  };
}

/**
 * Customers with at least `minPoints` (default 1) granted points left that expire within the window: the local day
 * `before` days after today, or the hour starting `before` hours from now (the hourly firing is at the top of the hour).
 * What is left of a grant is its points less what was redeemed or expired from it.
 */
function expiryWindow(config: NodeConfig<'bonusExpiryTrigger'>, now: Date, zone: string): { from: Date; to: Date; when: string } {
  if (config.unit === 'days') {
    const day = addLocalDays(zonedParts(now, zone), config.before);
    return { from: zonedToInstant({ ...day, hour: 0, minute: 0 }, zone), to: zonedToInstant({ ...addLocalDays(day, 1), hour: 0, minute: 0 }, zone), when: ddmm(day) };
  }
  const from = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 + config.before * 3_600_000);
  return { from, to: new Date(from.getTime() + 3_600_000), when: dateTimeIn(from, zone) };
}

/** Customers with at least `min` points left of grants expiring in [from, to), found through the ledger's expiry index. */
function expiringWhere(sql: Sql, from: Date, to: Date, min: number): Fragment {
  return sql`c.id IN (
      SELECT g.customer_id FROM bonus_ledger g
       WHERE g.kind = 'grant' AND g.expires_at >= ${from} AND g.expires_at < ${to}
       GROUP BY g.customer_id
      HAVING sum(g.points + coalesce((SELECT sum(x.points) FROM bonus_ledger x WHERE x.grant_id = g.id), 0)) >= ${min})`;
}

function bonusExpiry(sql: Sql, config: NodeConfig<'bonusExpiryTrigger'>, now: Date, zone: string): ScheduledTrigger {
  const { from, to, when } = expiryWindow(config, now, zone);
  const key = `bonus:${from.toISOString()}`;
  return {
    where: expiringWhere(sql, from, to, config.minPoints ?? 1),
    key,
    rowData: sql`(SELECT jsonb_build_object('points', sum(g.points + coalesce((SELECT sum(x.points) FROM bonus_ledger x WHERE x.grant_id = g.id), 0)),
                                          'expiresAt', min(g.expires_at))
                    FROM bonus_ledger g WHERE g.customer_id = c.id AND g.kind = 'grant' AND g.expires_at >= ${from} AND g.expires_at < ${to})`,
    event: (data) => {
      const points = Number(data?.points ?? 0);
      const expiresAt = data?.expiresAt ? new Date(String(data.expiresAt)).toISOString() : from.toISOString();
      return {
        kind: 'bonusExpiry',
        id: key,
        at: expiresAt,
        data: { points, expiresAt },
        title: `сгорают ${points} ${plural(points, ['балл', 'балла', 'баллов'])} ${config.unit === 'days' ? when : `с ${when}`}`,
      };
    },
  };
}

/**
 * For an estimate before publishing (no side effects): whom a birthday or points-expiring trigger is about at a
 * firing at `now`; null for any other trigger (a segment trigger's newcomers depend on its previous check).
 */
export function dateTriggerWhere(sql: Sql, trigger: { type: string; config: unknown }, now: Date, zone: string): Fragment | null {
  if (trigger.type === 'birthdayTrigger') return birthdayWhere(sql, birthdayDate(trigger.config as NodeConfig<'birthdayTrigger'>, now, zone));
  if (trigger.type === 'bonusExpiryTrigger') {
    const config = trigger.config as NodeConfig<'bonusExpiryTrigger'>;
    const { from, to } = expiryWindow(config, now, zone);
    return expiringWhere(sql, from, to, config.minPoints ?? 1);
  }
  return null;
}

/**
 * Customers who match the segment now and were not members at the previous check. The first check of a scenario (or
 * after it switched segments) remembers the members and enters nobody; each firing's first page forgets the members
 * who left (so they may enter again when they come back), and every page remembers whom it selected.
 */
async function segment(sql: Sql, plan: Plan, config: NodeConfig<'segmentTrigger'>, now: Date, first: boolean): Promise<ScheduledTrigger> {
  const scenarioId = plan.scenarioId;
  const [found] = await sql<{ name: string; condition: Condition }[]>`SELECT name, condition FROM segments WHERE id = ${config.segmentId}`;
  const day = zonedParts(now, plan.settings.timezone);
  const key = `segment:${isoDay(day)}`;
  const none: ScheduledTrigger = { where: sql`false`, key, rowData: null, event: () => ({ kind: 'segment', id: key, at: now.toISOString(), data: {}, title: '' }) };
  // A segment deleted since publishing: nobody enters (the scenario's editor shows the trigger as broken).
  if (!found) return none;
  const members = conditionSql(sql, found.condition, now);
  const [checked] = await sql<{ segment_id: string }[]>`SELECT segment_id FROM segment_trigger_checks WHERE scenario_id = ${scenarioId}`;
  if (!checked || checked.segment_id !== config.segmentId) {
    await sql`DELETE FROM segment_trigger_members WHERE scenario_id = ${scenarioId}`;
    await sql`
      INSERT INTO segment_trigger_members (scenario_id, customer_id)
      SELECT ${scenarioId}, c.id FROM customers c JOIN customer_stats s ON s.customer_id = c.id WHERE ${members}`;
    await sql`
      INSERT INTO segment_trigger_checks (scenario_id, segment_id, at) VALUES (${scenarioId}, ${config.segmentId}, ${now})
      ON CONFLICT (scenario_id) DO UPDATE SET segment_id = excluded.segment_id, at = excluded.at`;
    return none;
  }
  if (first) {
    await sql`
      DELETE FROM segment_trigger_members m
       WHERE m.scenario_id = ${scenarioId}
         AND NOT EXISTS (SELECT 1 FROM customers c JOIN customer_stats s ON s.customer_id = c.id WHERE c.id = m.customer_id AND ${members})`;
    await sql`UPDATE segment_trigger_checks SET at = ${now} WHERE scenario_id = ${scenarioId}`;
  }
  return {
    where: sql`(${members}) AND NOT EXISTS (SELECT 1 FROM segment_trigger_members m WHERE m.scenario_id = ${scenarioId} AND m.customer_id = c.id)`,
    key,
    rowData: null,
    event: () => ({ kind: 'segment', id: key, at: now.toISOString(), data: { segmentId: config.segmentId, segment: found.name }, title: `попал в сегмент «${found.name}» ${ddmm(day)}` }),
    async selected(ids) {
      if (ids.length === 0) return;
      await sql`
        INSERT INTO segment_trigger_members (scenario_id, customer_id)
        SELECT ${scenarioId}, id FROM unnest(${ids}::text[]) AS id ON CONFLICT DO NOTHING`;
    },
  };
}
