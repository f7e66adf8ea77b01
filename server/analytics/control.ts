import type postgres from 'postgres';
import type { ControlComparison, ControlGroupFigures, ProgramReport, ProgramScenarioLine } from '../../shared/api/analytics';
import { DEFAULT_TIME_ZONE, isoDay } from '../../shared/i18n/format';
import { compareProgramWithControl, type GroupOutcome, type ProgramComparison } from '../../shared/stats/program';
import { programVerdictText, type ProgramSubject } from '../../shared/stats/programText';
import type { Sql } from '../db/client';
import { loadPolicy } from '../policy/store';
import { ROUBLES_PER_BONUS_POINT } from './report';
import type { ReportScope } from './scope';

/**
 * Every scenario, and the whole program, against the global control group (issue 14).
 *
 * Who is compared (intent to treat): the audience selects a customer; the control group's hash decides whether they
 * enter (a run) or are held out (an `entry_skips` row with reason `control`, written at every firing that selects
 * them). Each customer counts once, at their FIRST moment in the scope (the scenario, or any scenario for the
 * program) — their first entry, or the first firing that held them out — and only when that moment falls in the
 * period. The first moment comes before anything the program did to the customer and the hash is independent of
 * it, so both groups are drawn from the same customers at the same times; later re-entries and the daily repeats of
 * a held-out customer are consequences of the assignment and are not counted again.
 * - The period starts no earlier than the first policy version that held anyone out (before it everybody entered).
 * - Customers who changed side when the share changed (held out first and entered later, or the reverse) are left
 *   out of both groups.
 * - Outcome: returned = an order after the moment and no later than moment + the conversion window (the window of
 *   the run's version, or of the version in force when a customer was held out; the program: one window for
 *   everybody, the longest of the scenarios'); revenue = every order of the customer inside that window.
 *   Runs ended as `converted` by support without an order do not count: the control group cannot have them.
 * - Cost: messages and bonus points spent of every entry, in the period, of the treated customers counted.
 */

export const CONTROL_METHOD = {
  ru: 'Сравниваются клиенты, которых аудитория выбрала впервые за период: вошедшие в сценарий и клиенты глобальной контрольной группы, которые ничего не получили (кто в какую группу попал, решает хеш, а не поведение клиента). Разница долей вернувшихся — интервал Ньюкомба (95 %), разница выручки на клиента — интервал Уэлча (95 %). Объём выборки — для мощности 80 % при α = 5 % с учётом соотношения групп.',
  en: 'Customers selected by the audience for the first time in the period: those who entered against global control-group customers who got nothing (a hash, not their behaviour, decides the group). Difference of returned shares: Newcombe 95% interval; of revenue per customer: Welch 95% interval. Sample size for 80% power at α = 5% for the groups’ ratio.',
};

export const CONTROL_ASSUMPTIONS = [
  {
    ru: 'Каждый клиент учитывается один раз — с первого входа в сценарий (для программы — в любой сценарий) или с первого дня, когда его выбрала аудитория, но он был в контрольной группе; этот момент должен попасть в период.',
    en: 'Each customer counts once, from their first entry (for the program, into any scenario) or the first day the audience selected them while they were in the control group; that moment must fall in the period.',
  },
  {
    ru: 'Вернулся — сделал заказ в окне конверсии после этого момента (окно версии сценария; для программы — самое длинное окно из сценариев). Отметки «конверсия» без заказа не учитываются: у контрольной группы их не бывает.',
    en: 'Returned: an order within the conversion window after that moment (the scenario version’s window; for the program the longest of the scenarios’). Conversions marked without an order do not count: the control group cannot have them.',
  },
  {
    ru: 'Дополнительные возвраты = разница долей × число вошедших; дополнительная выручка = разница выручки на клиента × число вошедших. Затраты — сообщения и потраченные бонусы (1 балл = 1 ₽) этих клиентов за период.',
    en: 'Extra returns = difference of shares × customers who entered; extra revenue = difference of revenue per customer × customers who entered. Cost: messages and bonus points spent (1 point = 1 ₽) of those customers in the period.',
  },
  {
    ru: 'Период начинается не раньше, чем в политике впервые появилась контрольная группа. Клиенты, сменившие группу при изменении доли, не учитываются.',
    en: 'The period starts no earlier than the first policy with a control group. Customers who changed group when the share changed are left out.',
  },
];

/** The program's conversion window when no scenario has customers in the period: the product default. */
export const DEFAULT_PROGRAM_WINDOW_DAYS = 30;

/** The moments before which, and from which, the comparison counts customers (null: unbounded). */
export interface Bounds {
  lo: Date | null;
  hi: Date | null;
}

type Fragment = postgres.PendingQuery<postgres.Row[]>;

interface GroupRow {
  key: string;
  grp: 't' | 'c';
  customers: number;
  returned: number;
  revenue: number;
  revenue_sq: number;
  open: number;
}

export interface Groups {
  treated: GroupOutcome & { openWindows: number };
  control: GroupOutcome & { openWindows: number };
  cost: number;
}

const emptyGroup = () => ({ customers: 0, returned: 0, revenue: 0, revenueSq: 0, openWindows: 0 });
const emptyGroups = (): Groups => ({ treated: emptyGroup(), control: emptyGroup(), cost: 0 });

/** Local days [from, to] in `timeZone` as instants [lo, hi). */
export async function dayBounds(sql: Sql, from: string | null, to: string | null, timeZone: string): Promise<Bounds> {
  const [row] = await sql<{ lo: Date | null; hi: Date | null }[]>`
    SELECT CASE WHEN ${from}::date IS NOT NULL THEN (${from}::date)::timestamp AT TIME ZONE ${timeZone} END AS lo,
           CASE WHEN ${to}::date IS NOT NULL THEN (${to}::date + 1)::timestamp AT TIME ZONE ${timeZone} END AS hi`;
  return { lo: row.lo, hi: row.hi };
}

/** When the policy first held anyone out (null: never), so no comparison starts before there was a control group. */
export async function controlSince(sql: Sql): Promise<Date | null> {
  const [row] = await sql<{ at: Date | null }[]>`SELECT min(created_at) AS at FROM communication_policies WHERE control_share_pct > 0`;
  return row.at;
}

const later = (a: Date | null, b: Date | null) => (a === null ? b : b === null ? a : a > b ? a : b);

function fold(rows: GroupRow[], costs: Array<{ key: string; cost: number }>): Map<string, Groups> {
  const out = new Map<string, Groups>();
  const get = (key: string) => {
    let g = out.get(key);
    if (!g) out.set(key, (g = emptyGroups()));
    return g;
  };
  for (const r of rows) {
    const g = get(r.key)[r.grp === 't' ? 'treated' : 'control'];
    Object.assign(g, { customers: r.customers, returned: r.returned, revenue: r.revenue, revenueSq: r.revenue_sq, openWindows: r.open });
  }
  for (const c of costs) get(c.key).cost = c.cost;
  return out;
}

/** The outcome and cost aggregates over the CTEs `treated` and `control` (scenario_id, customer_id, at, w). */
function outcomeSelect(sql: Sql, bounds: Bounds, now: Date, key: { outcome: Fragment; paid: Fragment }, scopeRuns: Fragment) {
  return sql`
    moments AS (
      SELECT 't' AS grp, scenario_id, customer_id, at, w FROM treated
      UNION ALL
      SELECT 'c', scenario_id, customer_id, at, w FROM control
    ),
    outcomes AS (
      SELECT m.grp, m.scenario_id, m.at, m.w, x.n > 0 AS returned, x.revenue
        FROM moments m
        CROSS JOIN LATERAL (
          SELECT count(*) AS n, COALESCE(sum(o.amount), 0) AS revenue
            FROM orders o WHERE o.customer_id = m.customer_id AND o.placed_at > m.at AND o.placed_at <= m.at + m.w
        ) x
    ),
    grouped AS (
      SELECT ${key.outcome} AS key, grp, count(*)::int AS customers, count(*) FILTER (WHERE returned)::int AS returned,
             COALESCE(sum(revenue), 0)::float8 AS revenue, COALESCE(sum(revenue * revenue), 0)::float8 AS revenue_sq,
             count(*) FILTER (WHERE at + w > ${now})::int AS open
        FROM outcomes GROUP BY 1, grp
    ),
    paid AS MATERIALIZED (
      SELECT r.id, ${key.paid} AS key
        FROM runs r JOIN treated t ON t.customer_id = r.customer_id
       WHERE ${scopeRuns} ${bounds.lo ? sql`AND r.entered_at >= ${bounds.lo}` : sql``} ${bounds.hi ? sql`AND r.entered_at < ${bounds.hi}` : sql``}
    ),
    costs AS (
      SELECT key, sum(cost)::float8 AS cost FROM (
        SELECT p.key, COALESCE(sum(m.cost), 0) AS cost FROM messages m JOIN paid p ON m.run_id = p.id GROUP BY p.key
        UNION ALL
        SELECT p.key, COALESCE(-sum(x.points), 0) * ${ROUBLES_PER_BONUS_POINT}
          FROM bonus_ledger g JOIN paid p ON g.run_id = p.id
          JOIN bonus_ledger x ON x.grant_id = g.id AND x.kind = 'redeem'
         WHERE g.kind = 'grant' GROUP BY p.key
      ) parts GROUP BY key
    )
    SELECT (SELECT COALESCE(json_agg(grouped), '[]') FROM grouped) AS groups, (SELECT COALESCE(json_agg(costs), '[]') FROM costs) AS costs`;
}

/**
 * Every held-out customer's first control row in each scenario (scenario_id, customer_id, at), as the body of a
 * recursive CTE: a loose index scan over entry_skips (customer_id, scenario_id, at) of the control rows (migration
 * 0215) that jumps from one (customer, scenario) pair to the next. A held-out customer has a row per firing (up to
 * one a day per scenario), so this reads one index entry per pair instead of every row of the period: its cost
 * grows with the control group, not with the days it has been held out.
 */
function firstControlRows(sql: Sql): Fragment {
  return sql`
      (SELECT customer_id, scenario_id, at FROM entry_skips WHERE reason = 'control' ORDER BY customer_id, scenario_id, at LIMIT 1)
      UNION ALL
      SELECT n.customer_id, n.scenario_id, n.at
        FROM firsts f
        CROSS JOIN LATERAL (
          SELECT k.customer_id, k.scenario_id, k.at FROM entry_skips k
           WHERE k.reason = 'control' AND (k.customer_id, k.scenario_id) > (f.customer_id, f.scenario_id)
           ORDER BY k.customer_id, k.scenario_id, k.at LIMIT 1
        ) n`;
}

export interface ScenarioGroupsOptions {
  scenarioIds: string[];
  bounds: Bounds;
  now: Date;
  /** One version of a single scenario: its runs, and the held-out customers while it was in force. */
  version?: { version: number; from: Date; until: Date | null };
}

/**
 * Treated and control figures per scenario (keys: scenario ids). Index use: runs (scenario_id, entered_at) for the
 * entries of the period, runs (scenario_id, customer_id) for "no entry earlier", the loose scan of firstControlRows
 * for the held-out customers (and "not held out earlier"), orders (customer_id, placed_at) per customer.
 */
export async function scenarioGroups(sql: Sql, o: ScenarioGroupsOptions): Promise<Map<string, Groups>> {
  if (o.scenarioIds.length === 0) return new Map();
  const { lo, hi } = o.bounds;
  const ids = o.scenarioIds;
  const [row] = await sql<{ groups: GroupRow[]; costs: Array<{ key: string; cost: number }> }[]>`
    WITH RECURSIVE firsts AS MATERIALIZED (${firstControlRows(sql)}),
    windows AS MATERIALIZED (
      SELECT scenario_id, version, published_at,
             make_interval(days => COALESCE((document #>> '{settings,conversionWindowDays}')::int, 30)) AS w
        FROM scenario_versions WHERE scenario_id = ANY(${ids}::uuid[])
    ),
    entered AS MATERIALIZED (
      SELECT DISTINCT ON (r.scenario_id, r.customer_id) r.scenario_id, r.customer_id, r.version, r.entered_at AS at
        FROM runs r
       WHERE r.scenario_id = ANY(${ids}::uuid[]) ${lo ? sql`AND r.entered_at >= ${lo}` : sql``} ${hi ? sql`AND r.entered_at < ${hi}` : sql``}
       ORDER BY r.scenario_id, r.customer_id, r.entered_at
    ),
    treated AS MATERIALIZED (
      SELECT e.scenario_id, e.customer_id, e.at, w.w
        FROM entered e JOIN windows w ON w.scenario_id = e.scenario_id AND w.version = e.version
       WHERE ${o.version ? sql`e.version = ${o.version.version} AND` : sql``}
             NOT EXISTS (SELECT 1 FROM runs p WHERE p.customer_id = e.customer_id AND p.scenario_id = e.scenario_id AND p.entered_at < e.at)
         AND NOT EXISTS (SELECT 1 FROM firsts f WHERE f.scenario_id = e.scenario_id AND f.customer_id = e.customer_id AND f.at < e.at)
    ),
    held AS (
      SELECT scenario_id, customer_id, at FROM firsts
       WHERE scenario_id = ANY(${ids}::uuid[]) ${lo ? sql`AND at >= ${lo}` : sql``} ${hi ? sql`AND at < ${hi}` : sql``}
    ),
    control AS MATERIALIZED (
      SELECT h.scenario_id, h.customer_id, h.at,
             (SELECT w.w FROM windows w WHERE w.scenario_id = h.scenario_id
               ORDER BY (w.published_at <= h.at) DESC, CASE WHEN w.published_at <= h.at THEN -w.version ELSE w.version END LIMIT 1) AS w
        FROM held h
       WHERE ${o.version ? sql`h.at >= ${o.version.from} ${o.version.until ? sql`AND h.at < ${o.version.until}` : sql``} AND` : sql``}
             NOT EXISTS (SELECT 1 FROM runs p WHERE p.customer_id = h.customer_id AND p.scenario_id = h.scenario_id ${hi ? sql`AND p.entered_at < ${hi}` : sql``})
    ),
    ${outcomeSelect(sql, o.bounds, o.now, { outcome: sql`scenario_id::text`, paid: sql`t.scenario_id::text` }, sql`r.scenario_id = t.scenario_id ${o.version ? sql`AND r.version = ${o.version.version}` : sql``}`)}`;
  return fold(row.groups, row.costs);
}

/**
 * Treated and control figures of the whole program (key `program`): each customer's first entry into any scenario,
 * or first firing of any scenario that held them out, with one window of `windowDays` for everybody.
 */
export async function programGroups(sql: Sql, o: { bounds: Bounds; now: Date; windowDays: number }): Promise<Groups> {
  const { lo, hi } = o.bounds;
  const w = sql`make_interval(days => ${o.windowDays}::int)`;
  const [row] = await sql<{ groups: GroupRow[]; costs: Array<{ key: string; cost: number }> }[]>`
    WITH RECURSIVE firsts AS MATERIALIZED (${firstControlRows(sql)}),
    entered AS MATERIALIZED (
      SELECT DISTINCT ON (r.customer_id) r.scenario_id, r.customer_id, r.entered_at AS at
        FROM runs r
       WHERE true ${lo ? sql`AND r.entered_at >= ${lo}` : sql``} ${hi ? sql`AND r.entered_at < ${hi}` : sql``}
       ORDER BY r.customer_id, r.entered_at
    ),
    treated AS MATERIALIZED (
      SELECT e.scenario_id, e.customer_id, e.at, ${w} AS w
        FROM entered e
       WHERE NOT EXISTS (SELECT 1 FROM runs p WHERE p.customer_id = e.customer_id AND p.entered_at < e.at)
         AND NOT EXISTS (SELECT 1 FROM firsts f WHERE f.customer_id = e.customer_id AND f.at < e.at)
    ),
    held AS MATERIALIZED (
      SELECT DISTINCT ON (customer_id) scenario_id, customer_id, at FROM firsts ORDER BY customer_id, at
    ),
    control AS MATERIALIZED (
      SELECT h.scenario_id, h.customer_id, h.at, ${w} AS w
        FROM held h
       WHERE true ${lo ? sql`AND h.at >= ${lo}` : sql``} ${hi ? sql`AND h.at < ${hi}` : sql``}
         AND NOT EXISTS (SELECT 1 FROM runs p WHERE p.customer_id = h.customer_id ${hi ? sql`AND p.entered_at < ${hi}` : sql``})
    ),
    ${outcomeSelect(sql, o.bounds, o.now, { outcome: sql`'program'::text`, paid: sql`'program'::text` }, sql`true`)}`;
  return fold(row.groups, row.costs).get('program') ?? emptyGroups();
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const roundCi = (ci: { low: number; high: number } | null, f: (x: number) => number) => (ci ? { low: f(ci.low), high: f(ci.high) } : null);

function figures(g: GroupOutcome & { openWindows: number }, share: number | null, shareCi: { low: number; high: number } | null): ControlGroupFigures {
  return {
    customers: g.customers,
    returned: g.returned,
    share,
    shareCi,
    revenue: round2(g.revenue),
    revenuePerCustomer: g.customers > 0 ? round2(g.revenue / g.customers) : null,
    openWindows: g.openWindows,
  };
}

/** The comparison as the API gives it: figures rounded to kopecks (shares unrounded), the verdict in words. */
export function controlComparison(
  groups: Groups,
  o: { subject: ProgramSubject; windowDays: number; mdeRelPct: number; controlSharePct: number; countedFrom: Date | null },
): ControlComparison {
  const c: ProgramComparison = compareProgramWithControl({
    treated: groups.treated,
    control: groups.control,
    cost: groups.cost,
    mdeRelPct: o.mdeRelPct,
    controlSharePct: o.controlSharePct,
  });
  const counts = { control: groups.control.customers };
  return {
    treated: figures(groups.treated, c.treatedShare, c.treatedShareCi),
    control: figures(groups.control, c.controlShare, c.controlShareCi),
    windowDays: o.windowDays,
    countedFrom: o.countedFrom?.toISOString() ?? null,
    difference: c.difference,
    differenceCi: c.differenceCi,
    relativeUplift: c.relativeUplift,
    revenueDifference: c.revenueDifference === null ? null : round2(c.revenueDifference),
    revenueDifferenceCi: roundCi(c.revenueDifferenceCi, round2),
    incrementalReturns: c.incrementalReturns === null ? null : round2(c.incrementalReturns),
    incrementalReturnsCi: roundCi(c.incrementalReturnsCi, round2),
    incrementalRevenue: c.incrementalRevenue === null ? null : round2(c.incrementalRevenue),
    incrementalRevenueCi: roundCi(c.incrementalRevenueCi, round2),
    cost: round2(groups.cost),
    costPerIncrementalReturn: c.costPerIncrementalReturn === null ? null : round2(c.costPerIncrementalReturn),
    costPerIncrementalReturnCi: roundCi(c.costPerIncrementalReturnCi, round2),
    requiredControl: c.requiredControl,
    stillNeeded: c.stillNeeded,
    verdict: c.verdict,
    text: { ru: programVerdictText(o.subject, c, counts, 'ru'), en: programVerdictText(o.subject, c, counts, 'en') },
  };
}

/** The `control` block of a scenario report: the report's scenario, version and period. */
export async function scenarioControl(sql: Sql, scope: ReportScope, o: { mdeRelPct: number; now?: Date }): Promise<ControlComparison> {
  const now = o.now ?? new Date();
  const [policy, since, bounds] = await Promise.all([loadPolicy(sql), controlSince(sql), dayBounds(sql, scope.from, scope.to, scope.timeZone)]);
  const versions = scope.versions.filter((v) => scope.version === null || v.version === scope.version);
  const windowDays = versions.length > 0 ? Math.max(...versions.map((v) => v.conversionWindowDays)) : DEFAULT_PROGRAM_WINDOW_DAYS;
  let version: ScenarioGroupsOptions['version'];
  if (scope.version !== null) {
    const at = scope.versions.findIndex((v) => v.version === scope.version);
    const next = scope.versions[at + 1];
    version = { version: scope.version, from: new Date(scope.versions[at].publishedAt), until: next ? new Date(next.publishedAt) : null };
  }
  const effective = { lo: since ? later(bounds.lo, since) : bounds.lo, hi: bounds.hi };
  const groups = (await scenarioGroups(sql, { scenarioIds: [scope.scenarioId], bounds: effective, now, version })).get(scope.scenarioId) ?? emptyGroups();
  return controlComparison(groups, {
    subject: { program: false, name: scope.name },
    windowDays,
    mdeRelPct: o.mdeRelPct,
    controlSharePct: policy.controlGroup.sharePct,
    countedFrom: effective.lo,
  });
}

/** The last `days` local days up to today in `timeZone`: the program report's default period. */
export function lastDays(days: number, timeZone: string, now = new Date()): { from: string; to: string } {
  const to = isoDay(now, timeZone);
  const from = new Date(`${to}T00:00:00Z`);
  from.setUTCDate(from.getUTCDate() - days + 1);
  return { from: from.toISOString().slice(0, 10), to };
}

/**
 * GET /api/reports/program: the whole program and one line per published scenario against the control group, over
 * local days [from, to] in the shop's zone (Moscow; default the last 90 days). The program's window is the longest
 * conversion window of the scenarios that have customers in the period (30 days when none has), so a return counts
 * whichever scenario touched the customer.
 */
export async function programReport(sql: Sql, q: { from?: string; to?: string; mdeRelPct: number; now?: Date }): Promise<ProgramReport> {
  const now = q.now ?? new Date();
  const timeZone = DEFAULT_TIME_ZONE;
  const period = q.from && q.to ? { from: q.from, to: q.to } : { ...lastDays(90, timeZone, now), ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) };
  const [policy, since, bounds, scenarios] = await Promise.all([
    loadPolicy(sql),
    controlSince(sql),
    dayBounds(sql, period.from, period.to, timeZone),
    sql<{ id: string; name: string; status: string; window_days: number }[]>`
      SELECT s.id, s.name, s.status,
             max(COALESCE((v.document #>> '{settings,conversionWindowDays}')::int, 30))::int AS window_days
        FROM scenarios s JOIN scenario_versions v ON v.scenario_id = s.id
       GROUP BY s.id ORDER BY s.name, s.id`,
  ]);
  const effective = { lo: since ? later(bounds.lo, since) : bounds.lo, hi: bounds.hi };
  const perScenario = await scenarioGroups(sql, { scenarioIds: scenarios.map((s) => s.id), bounds: effective, now });
  const active = scenarios.filter((s) => {
    const g = perScenario.get(s.id);
    return g && g.treated.customers + g.control.customers > 0;
  });
  const windowDays = active.length > 0 ? Math.max(...active.map((s) => s.window_days)) : DEFAULT_PROGRAM_WINDOW_DAYS;
  const program = await programGroups(sql, { bounds: effective, now, windowDays });
  const common = { mdeRelPct: q.mdeRelPct, controlSharePct: policy.controlGroup.sharePct, countedFrom: effective.lo };
  const lines: ProgramScenarioLine[] = scenarios
    .filter((s) => s.status !== 'archived' || active.includes(s))
    .map((s) => ({
      scenarioId: s.id,
      name: s.name,
      status: s.status,
      ...controlComparison(perScenario.get(s.id) ?? emptyGroups(), { ...common, subject: { program: false, name: s.name }, windowDays: s.window_days }),
    }));
  const startsLater = since !== null && bounds.lo !== null && since > bounds.lo;
  return {
    period: { from: startsLater ? isoDay(since!, timeZone) : period.from, to: period.to },
    timeZone,
    controlSharePct: policy.controlGroup.sharePct,
    mdeRelPct: q.mdeRelPct,
    program: controlComparison(program, { ...common, subject: { program: true }, windowDays }),
    scenarios: lines,
    method: CONTROL_METHOD,
    assumptions: CONTROL_ASSUMPTIONS,
  };
}
