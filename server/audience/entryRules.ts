import type postgres from 'postgres';
import type { Plan } from '../../shared/scenario/plan';
import { DEFAULT_PRIORITY } from '../../shared/scenario/schema';
import type { Sql } from '../db/client';
import { loadPolicy, type PolicyInForce } from '../policy/store';

/** What decides who wins a customer between two scenarios of one exclusivity group. */
export interface Rank {
  priority: number;
  /** When the scenario was created; null for a draft never saved (it loses every tie). */
  createdAt: Date | null;
  scenarioId: string | null;
}

/**
 * True when `a` takes a customer before `b`: the higher priority, and on a tie the older scenario (earlier
 * `scenarios.created_at`, then the smaller id), so the order is total and the same whichever trigger fires first.
 */
export function outranks(a: Rank, b: Rank): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (b.createdAt === null) return a.createdAt !== null || (a.scenarioId ?? '') < (b.scenarioId ?? '');
  if (a.createdAt === null) return false;
  if (a.createdAt.getTime() !== b.createdAt.getTime()) return a.createdAt < b.createdAt;
  return (a.scenarioId ?? '') < (b.scenarioId ?? '');
}

/** Another active scenario, with the plan of its current version (the one its next firing enrols with). */
export interface OtherScenario {
  scenarioId: string;
  name: string;
  priority: number;
  group: string | null;
  createdAt: Date;
  /** Its current plan: its audience as its next firing will select it. */
  spec: Plan;
}

/** What enrolment holds back besides the audience itself: the global control group and the exclusivity group. */
export interface EntryRules {
  control: { controlSeed: string; controlGroup: { sharePct: number } };
  /** This scenario's exclusivity group (null: none, so no other scenario can hold its customers). */
  group: string | null;
  /** Active scenarios of the same group that take a customer first, the strongest first. */
  rivals: OtherScenario[];
  /**
   * The published versions of other scenarios whose plan is in this group, whatever the scenario's status now (a
   * paused scenario's runs go on, and hold their customers): a live run on one of them (its `coalesce(plan_version, version)`) holds its customer. Read once per page, so the per-customer
   * check is a lookup in this list instead of reading each run's plan.
   */
  groupVersions: Array<{ scenarioId: string; version: number }>;
}

/** Rules that block nobody: what a caller that does not enrol for real (a benchmark of the bare query) passes. */
export const NO_RULES: EntryRules = { control: { controlSeed: '', controlGroup: { sharePct: 0 } }, group: null, rivals: [], groupVersions: [] };

interface OtherRow {
  id: string;
  name: string;
  created_at: Date;
  plan: Plan;
}

const otherOf = (row: OtherRow): OtherScenario => ({
  scenarioId: row.id,
  name: row.name,
  priority: row.plan.settings.priority ?? DEFAULT_PRIORITY,
  group: row.plan.settings.exclusivityGroup ?? null,
  createdAt: row.created_at,
  spec: row.plan,
});

/** Active scenarios other than `except` that match `where`, with their current plans. */
function activeScenarios(sql: Sql, except: string | null, where: postgres.PendingQuery<postgres.Row[]>) {
  return sql<OtherRow[]>`
    SELECT s.id, s.name, s.created_at, v.plan
      FROM scenarios s JOIN scenario_versions v ON v.scenario_id = s.id AND v.version = s.current_version
     WHERE s.status = 'active' AND s.id IS DISTINCT FROM ${except}::uuid AND ${where}`;
}

/** The scenario's own rank: its settings' priority and its creation time (none for an unsaved draft). */
async function rankOf(sql: Sql, scenarioId: string | null, settings: Pick<Plan['settings'], 'priority'>): Promise<Rank> {
  const [row] = scenarioId === null ? [] : await sql<{ created_at: Date }[]>`SELECT created_at FROM scenarios WHERE id = ${scenarioId}`;
  return { priority: settings.priority ?? DEFAULT_PRIORITY, createdAt: row?.created_at ?? null, scenarioId };
}

const rankOfOther = (o: OtherScenario): Rank => ({ priority: o.priority, createdAt: o.createdAt, scenarioId: o.scenarioId });

/**
 * The rules in force for one enrolment page (or one estimate): the policy's control group, and the active
 * scenarios of the same exclusivity group that outrank this one. Two small reads; none of the second without a group.
 */
export async function loadEntryRules(
  sql: Sql,
  scenarioId: string | null,
  settings: Pick<Plan['settings'], 'priority' | 'exclusivityGroup'>,
  inForce?: PolicyInForce,
): Promise<EntryRules> {
  const policy = inForce ?? (await loadPolicy(sql));
  const control = { controlSeed: policy.controlSeed, controlGroup: policy.controlGroup };
  const group = settings.exclusivityGroup ?? null;
  if (group === null) return { control, group, rivals: [], groupVersions: [] };
  const [me, rows, groupVersions] = await Promise.all([
    rankOf(sql, scenarioId, settings),
    activeScenarios(sql, scenarioId, sql`v.plan->'settings'->>'exclusivityGroup' = ${group}`),
    sql<{ scenarioId: string; version: number }[]>`
      SELECT v.scenario_id AS "scenarioId", v.version
        FROM scenario_versions v
       WHERE v.scenario_id IS DISTINCT FROM ${scenarioId}::uuid AND v.plan->'settings'->>'exclusivityGroup' = ${group}`,
  ]);
  const rivals = rows
    .map(otherOf)
    .filter((o) => outranks(rankOfOther(o), me))
    .sort((a, b) => (outranks(rankOfOther(a), rankOfOther(b)) ? -1 : 1));
  return { control, group, rivals, groupVersions: [...groupVersions] };
}

/** At most this many other scenarios are compared in the overlap estimate (each adds a condition to its one pass). */
export const OVERLAP_LIMIT = 20;

/**
 * The other active scenarios the overlap estimate compares with, at most OVERLAP_LIMIT: those of the same group
 * first (they decide who enters), then by priority and age; and how many were left out.
 */
export async function loadOtherScenarios(
  sql: Sql,
  scenarioId: string | null,
  settings: Pick<Plan['settings'], 'priority' | 'exclusivityGroup'>,
): Promise<{ me: Rank; others: Array<OtherScenario & { wins: boolean }>; omitted: number }> {
  const group = settings.exclusivityGroup ?? null;
  const [me, rows, [{ n }]] = await Promise.all([
    rankOf(sql, scenarioId, settings),
    sql<OtherRow[]>`
      SELECT s.id, s.name, s.created_at, v.plan
        FROM scenarios s JOIN scenario_versions v ON v.scenario_id = s.id AND v.version = s.current_version
       WHERE s.status = 'active' AND s.id IS DISTINCT FROM ${scenarioId}::uuid
       ORDER BY (v.plan->'settings'->>'exclusivityGroup' IS NOT DISTINCT FROM ${group} AND ${group}::text IS NOT NULL) DESC,
                coalesce((v.plan->'settings'->>'priority')::int, ${DEFAULT_PRIORITY}) DESC, s.created_at, s.id
       LIMIT ${OVERLAP_LIMIT}`,
    sql<{ n: number }[]>`SELECT count(*)::int AS n FROM scenarios WHERE status = 'active' AND current_version IS NOT NULL AND id IS DISTINCT FROM ${scenarioId}::uuid`,
  ]);
  const others = rows.map(otherOf).map((o) => ({ ...o, wins: group !== null && o.group === group && outranks(rankOfOther(o), me) }));
  return { me, others, omitted: Math.max(0, n - others.length) };
}
