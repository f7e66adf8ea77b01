import type { Plan } from '../../shared/scenario/plan';
import type { ScenarioDocument } from '../../shared/scenario/schema';
import { DEFAULT_TIME_ZONE } from '../../shared/i18n/format';
import { notFound } from '../api/errors';
import type { Sql } from '../db/client';
import { assertScenarioId } from '../scenarios/store';

/** What a report covers: runs of one scenario (optionally one version) that entered within [from, to] local days. */
export interface ReportScope {
  scenarioId: string;
  name: string;
  /** Null: every version. */
  version: number | null;
  /** The version whose canvas the funnel is drawn on: the one asked for, else the current (latest) one. */
  canvas: { version: number; document: ScenarioDocument; plan: Plan } | null;
  versions: Array<{ version: number; publishedAt: string; conversionWindowDays: number; timeZone: string }>;
  timeZone: string;
  /** Local calendar days (YYYY-MM-DD) in `timeZone`, both inclusive; null = unbounded. */
  from: string | null;
  to: string | null;
}

export interface ScopeQuery {
  version?: number;
  from?: string;
  to?: string;
}

interface VersionRow {
  version: number;
  document: ScenarioDocument;
  plan: Plan;
  published_at: Date;
}

export async function resolveScope(sql: Sql, scenarioId: string, query: ScopeQuery): Promise<ReportScope> {
  assertScenarioId(scenarioId);
  const [scenario] = await sql<{ name: string; current_version: number | null; draft: ScenarioDocument }[]>`
    SELECT name, current_version, draft FROM scenarios WHERE id = ${scenarioId}`;
  if (!scenario) throw notFound({ ru: 'Сценарий не найден', en: 'Scenario not found' }, 'scenario_not_found');
  const rows = await sql<VersionRow[]>`
    SELECT version, document, plan, published_at FROM scenario_versions WHERE scenario_id = ${scenarioId} ORDER BY version`;
  if (query.version !== undefined && !rows.some((r) => r.version === query.version)) {
    throw notFound(
      { ru: `У сценария нет опубликованной версии ${query.version}`, en: `The scenario has no published version ${query.version}` },
      'version_not_found',
    );
  }
  const canvasRow = rows.find((r) => r.version === (query.version ?? scenario.current_version)) ?? rows[rows.length - 1];
  const timeZone = (canvasRow?.document ?? scenario.draft).settings?.timezone ?? DEFAULT_TIME_ZONE;
  return {
    scenarioId,
    name: scenario.name,
    version: query.version ?? null,
    canvas: canvasRow ? { version: canvasRow.version, document: canvasRow.document, plan: canvasRow.plan } : null,
    versions: rows.map((r) => ({
      version: r.version,
      publishedAt: r.published_at.toISOString(),
      conversionWindowDays: r.document.settings?.conversionWindowDays ?? 30,
      timeZone: r.document.settings?.timezone ?? DEFAULT_TIME_ZONE,
    })),
    timeZone,
    from: query.from ?? null,
    to: query.to ?? null,
  };
}

/** The runs in scope, without outcomes: for figures that only join on the run (messages, steps, bonuses, entries). */
export function scopedRunIds(sql: Sql, scope: ReportScope) {
  return sql`
    SELECT r.id, r.entered_at
      FROM runs r
     WHERE ${inScope(sql, scope)}`;
}

/**
 * The runs in scope with their conversion outcome, as a CTE body to put after `WITH scoped AS (…)`:
 * one row per run (an entry of a customer) with
 * - `converted`: the customer placed an order after entry and no later than entry + the version's
 *   conversionWindowDays, or the run ended as `converted` (stopOnPurchase, or marked by support);
 * - `first_order_at`: the first such order (null when converted only by status);
 * - `converted_at`: first_order_at, else the run's end for runs converted by status;
 * - `revenue`, `orders`: every order of the customer inside that window.
 * Index use: runs (scenario_id, entered_at), orders (customer_id, placed_at) per run.
 */
export function scopedRuns(sql: Sql, scope: ReportScope) {
  // A plain join + GROUP BY rather than a LATERAL: the planner probes orders (customer_id, placed_at) per run for a
  // narrow scope and hash-joins when the scope is most of the table.
  // Each version's window is read from its document once (materialized), not per joined row.
  return sql`
    WITH windows AS MATERIALIZED (
      SELECT version, make_interval(days => COALESCE((document #>> '{settings,conversionWindowDays}')::int, 30)) AS conversion_window
        FROM scenario_versions WHERE scenario_id = ${scope.scenarioId}
    )
    SELECT r.id, r.customer_id, r.version, r.status, r.entered_at, min(o.placed_at) AS first_order_at,
           COALESCE(sum(o.amount), 0) AS revenue, count(o.id) AS orders,
           (count(o.id) > 0 OR r.status = 'converted') AS converted,
           COALESCE(min(o.placed_at), CASE WHEN r.status = 'converted' THEN r.ended_at END) AS converted_at
      FROM runs r
      JOIN windows w ON w.version = r.version
      LEFT JOIN orders o
        ON o.customer_id = r.customer_id
       AND o.placed_at > r.entered_at
       AND o.placed_at <= r.entered_at + w.conversion_window
     WHERE ${inScope(sql, scope)}
     GROUP BY r.id`;
}

/**
 * The scope's days as `report_counts` stores them: entry days in each version's own time zone. The counts answer
 * for the scope when every version in it shares the scope's time zone (a scenario whose zone changed between the
 * versions in scope is recounted from the runs).
 */
export function countable(scope: ReportScope): boolean {
  return scope.versions.filter((v) => scope.version === null || v.version === scope.version).every((v) => v.timeZone === scope.timeZone);
}

/** The scope as a condition on report_counts (alias `c`). */
export function inCountScope(sql: Sql, scope: ReportScope) {
  return sql`c.scenario_id = ${scope.scenarioId}
       ${scope.version !== null ? sql`AND c.version = ${scope.version}` : sql``}
       ${scope.from ? sql`AND c.entry_day >= ${scope.from}::date` : sql``}
       ${scope.to ? sql`AND c.entry_day <= ${scope.to}::date` : sql``}`;
}

function inScope(sql: Sql, scope: ReportScope) {
  const tz = scope.timeZone;
  return sql`r.scenario_id = ${scope.scenarioId}
       ${scope.version !== null ? sql`AND r.version = ${scope.version}` : sql``}
       ${scope.from ? sql`AND r.entered_at >= (${scope.from}::date)::timestamp AT TIME ZONE ${tz}` : sql``}
       ${scope.to ? sql`AND r.entered_at < (${scope.to}::date + 1)::timestamp AT TIME ZONE ${tz}` : sql``}`;
}
