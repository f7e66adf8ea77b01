import type { Sql } from '../db/client';
import type { ChannelCost, DayPoint, FunnelNode, ReportTotals } from '../../shared/api/analytics';
import { countable, inCountScope, scopedRunIds, scopedRuns, type ReportScope } from './scope';

/** Assumed value of one bonus point when it is spent: 1 ₽ (the ledger counts points, orders count roubles). */
export const ROUBLES_PER_BONUS_POINT = 1;

export interface ScenarioReport {
  totals: ReportTotals;
  funnel: FunnelNode[];
  channels: ChannelCost[];
  daily: DayPoint[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

interface Totals {
  entered: number;
  customers: number;
  returned: number;
  returned_without_order: number;
  revenue: number;
  orders: number;
}

/** What a report is made of, from the counts or recounted from the runs: the same figures either way. */
interface Figures {
  totals: Totals;
  returns: Array<{ day: string; n: number; revenue: number }>;
  bonus: { granted: number; spent: number };
  channels: ChannelCost[];
  ports: Array<{ node_id: string; port: string; count: number }>;
  reached: Array<{ node_id: string; node_type: string; count: number }>;
  nodeMessages: Array<{ node_id: string; sent: number; failed: number; cost: number }>;
  entriesByDay: Array<{ day: string; n: number }>;
  costByDay: Array<{ day: string; cost: number }>;
}

/**
 * The scenario report. Read from the pre-aggregated counts (migration 0160, server/analytics/counts.ts) whenever
 * they answer for the scope; `recount: true` computes the same figures from the runs, journal, outbox and ledger
 * (the reference the counts are tested against).
 */
export async function scenarioReport(sql: Sql, scope: ReportScope, options: { recount?: boolean } = {}): Promise<ScenarioReport> {
  const f = !options.recount && countable(scope) ? await countedFigures(sql, scope) : await recountedFigures(sql, scope);
  const t = f.totals;
  const messageCost = round2(f.channels.reduce((sum, c) => sum + c.cost, 0));
  const bonusSpent = f.bonus.spent;
  const cost = round2(messageCost + bonusSpent * ROUBLES_PER_BONUS_POINT);
  return {
    totals: {
      entered: t.entered,
      customers: t.customers,
      returned: t.returned,
      returnedWithoutOrder: t.returned_without_order,
      reactivationRate: t.entered > 0 ? (t.returned / t.entered) * 100 : null,
      revenue: round2(t.revenue),
      orders: t.orders,
      bonusGranted: f.bonus.granted,
      bonusSpent,
      messagesSent: f.channels.reduce((sum, c) => sum + c.sent, 0),
      messageCost,
      cost,
      costPerReactivated: t.returned > 0 ? round2(cost / t.returned) : null,
    },
    funnel: funnelOf(scope, f.reached, f.ports, f.nodeMessages),
    channels: f.channels.map((c) => ({ ...c, cost: round2(c.cost) })),
    daily: dailySeries(scope, f.entriesByDay, f.returns, f.costByDay),
  };
}

export interface CountRow {
  kind: 'run' | 'step' | 'ab' | 'message' | 'bonus';
  entry_day: string;
  node_id: string;
  port: string;
  channel: string;
  day: string | null;
  node_type: string | null;
  entered: number;
  customers: number;
  version_customers: number;
  converted: number;
  without_order: number;
  orders: number;
  revenue: number;
  lines: number;
  reached: number;
  sent: number;
  failed: number;
  cost: number;
  granted: number;
  spent: number;
}

/** The scope's counts of these kinds, summed over versions and over compacted and delta rows (a few thousand rows). */
export async function countRows(sql: Sql, scope: ReportScope, kinds: CountRow['kind'][]): Promise<CountRow[]> {
  return sql<CountRow[]>`
    SELECT c.kind, to_char(c.entry_day, 'YYYY-MM-DD') AS entry_day, c.node_id, c.port, c.channel,
           CASE WHEN isfinite(c.day) THEN to_char(c.day, 'YYYY-MM-DD') END AS day, max(c.node_type) AS node_type,
           sum(c.entered)::float8 AS entered, sum(c.customers)::float8 AS customers, sum(c.version_customers)::float8 AS version_customers,
           sum(c.converted)::float8 AS converted, sum(c.without_order)::float8 AS without_order,
           sum(c.orders)::float8 AS orders, sum(c.revenue)::float8 AS revenue, sum(c.lines)::float8 AS lines, sum(c.reached)::float8 AS reached,
           sum(c.sent)::float8 AS sent, sum(c.failed)::float8 AS failed, sum(c.cost)::float8 AS cost,
           sum(c.granted)::float8 AS granted, sum(c.spent)::float8 AS spent
      FROM report_counts c
     WHERE ${inCountScope(sql, scope)} AND c.kind = ANY(${kinds})
     GROUP BY c.kind, c.entry_day, c.node_id, c.port, c.channel, c.day`;
}

/**
 * Distinct customers who entered during the scope's dates: the runs in them whose customer's previous entry (into
 * the scenario, or the version) was before the first date or did not exist (migration 0180).
 */
async function customersEnteredInDates(sql: Sql, scope: ReportScope): Promise<number> {
  const [{ n }] = await sql<{ n: number }[]>`
    SELECT coalesce(sum(${scope.version === null ? sql`c.customers` : sql`c.version_customers`}), 0)::int AS n
      FROM report_counts c
     WHERE ${inCountScope(sql, scope)} AND c.kind = ${scope.version === null ? 'first' : 'first_v'}
       AND ${scope.from ? sql`c.day < ${scope.from}::date` : sql`c.day = '-infinity'::date`}`;
  return n;
}

/** Adds into the entry of `map` at `key`, made by `empty` the first time. */
function tally<T>(map: Map<string, T>, key: string, empty: () => T, add: (into: T) => void): void {
  let into = map.get(key);
  if (!into) map.set(key, (into = empty()));
  add(into);
}

/** The map's values in the order of their keys. */
function byKey<T>(map: Map<string, T>): T[] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

async function countedFigures(sql: Sql, scope: ReportScope): Promise<Figures> {
  // Distinct customers are a sum of first entries over the whole period, and of first entries in the dates within them.
  const [rows, customers] = await Promise.all([
    countRows(sql, scope, ['run', 'step', 'message', 'bonus']),
    scope.from || scope.to ? customersEnteredInDates(sql, scope) : null,
  ]);
  const totals: Totals = { entered: 0, customers: customers ?? 0, returned: 0, returned_without_order: 0, revenue: 0, orders: 0 };
  const bonus = { granted: 0, spent: 0 };
  const returns = new Map<string, { day: string; n: number; revenue: number }>();
  const entries = new Map<string, { day: string; n: number }>();
  const channels = new Map<string, ChannelCost>();
  const ports = new Map<string, { node_id: string; port: string; count: number }>();
  const reached = new Map<string, { node_id: string; node_type: string; count: number }>();
  const nodeMessages = new Map<string, { node_id: string; sent: number; failed: number; cost: number }>();
  const costs = new Map<string, { day: string; cost: number }>();
  for (const r of rows) {
    if (r.kind === 'run') {
      totals.entered += r.entered;
      if (customers === null) totals.customers += scope.version === null ? r.customers : r.version_customers;
      totals.returned += r.converted;
      totals.returned_without_order += r.without_order;
      totals.revenue += r.revenue;
      totals.orders += r.orders;
      if (r.entered !== 0) tally(entries, r.entry_day, () => ({ day: r.entry_day, n: 0 }), (e) => void (e.n += r.entered));
      const day = r.day;
      if (day !== null && r.converted !== 0) tally(returns, day, () => ({ day, n: 0, revenue: 0 }), (e) => void ((e.n += r.converted), (e.revenue += r.revenue)));
    } else if (r.kind === 'step') {
      if (r.port === '') tally(reached, r.node_id, () => ({ node_id: r.node_id, node_type: r.node_type ?? 'unknown', count: 0 }), (e) => void (e.count += r.reached));
      else tally(ports, `${r.node_id} ${r.port}`, () => ({ node_id: r.node_id, port: r.port, count: 0 }), (e) => void (e.count += r.lines));
    } else if (r.kind === 'message') {
      const add = (e: { sent: number; failed: number; cost: number }) => void ((e.sent += r.sent), (e.failed += r.failed), (e.cost += r.cost));
      tally(channels, r.channel, () => ({ channel: r.channel, sent: 0, failed: 0, cost: 0 }), add);
      if (r.node_id !== '') tally(nodeMessages, r.node_id, () => ({ node_id: r.node_id, sent: 0, failed: 0, cost: 0 }), add);
      const day = r.day;
      if (day !== null) tally(costs, day, () => ({ day, cost: 0 }), (e) => void (e.cost += r.cost));
    } else if (r.kind === 'bonus') {
      bonus.granted += r.granted;
      bonus.spent += r.spent;
    }
  }
  return {
    totals,
    returns: byKey(returns),
    bonus,
    channels: byKey(channels),
    ports: [...ports.values()].filter((p) => p.count !== 0),
    reached: [...reached.values()].filter((p) => p.count !== 0),
    nodeMessages: [...nodeMessages.values()],
    entriesByDay: byKey(entries),
    costByDay: byKey(costs),
  };
}

async function recountedFigures(sql: Sql, scope: ReportScope): Promise<Figures> {
  const runs = scopedRuns(sql, scope);
  // Figures that only join on the run skip the per-run order lookups.
  const ids = scopedRunIds(sql, scope);
  const tz = scope.timeZone;
  const [[outcomes], bonus, channels, portRows, reachedRows, nodeMessages, entriesByDay, costByDay] = await Promise.all([
    // Conversions are the expensive part (orders per run): computed once, for the totals and the per-day returns.
    sql<{ totals: Totals; returns: Array<{ day: string; n: number; revenue: number }> | null }[]>`
      WITH scoped AS MATERIALIZED (${runs}),
      totals AS (
        SELECT count(*) AS entered, count(DISTINCT customer_id) AS customers,
               count(*) FILTER (WHERE converted) AS returned,
               count(*) FILTER (WHERE converted AND first_order_at IS NULL) AS returned_without_order,
               COALESCE(sum(revenue), 0) AS revenue, COALESCE(sum(orders), 0) AS orders
          FROM scoped
      ),
      returns AS (
        SELECT to_char(converted_at AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS day, count(*) AS n, COALESCE(sum(revenue), 0) AS revenue
          FROM scoped WHERE converted AND converted_at IS NOT NULL GROUP BY 1
      )
      SELECT (SELECT row_to_json(totals) FROM totals) AS totals, (SELECT json_agg(returns) FROM returns) AS returns`,
    // Spent = redemptions (any time) of the points these runs granted; expiries are not spending.
    sql<{ granted: number; spent: number }[]>`
      WITH scoped AS (${ids}),
      grants AS (
        SELECT b.id, b.points FROM bonus_ledger b JOIN scoped ON b.run_id = scoped.id WHERE b.kind = 'grant'
      )
      SELECT (SELECT COALESCE(sum(points), 0) FROM grants) AS granted,
             (SELECT COALESCE(-sum(x.points), 0) FROM bonus_ledger x JOIN grants g ON x.grant_id = g.id WHERE x.kind = 'redeem') AS spent`,
    sql<ChannelCost[]>`
      WITH scoped AS (${ids})
      SELECT m.channel,
             count(*) FILTER (WHERE m.status IN ('sent', 'sandbox')) AS sent,
             count(*) FILTER (WHERE m.status = 'failed') AS failed,
             COALESCE(sum(m.cost), 0) AS cost
        FROM messages m JOIN scoped ON m.run_id = scoped.id
       GROUP BY m.channel ORDER BY m.channel`,
    // Only a node's outcome line carries a port (one per run and node), so ports count lines; reaching a node is
    // any line at it (a run stopped mid-wait has only its start and stop lines there), so runs are de-duplicated.
    sql<{ node_id: string; port: string; count: number }[]>`
      WITH scoped AS (${ids})
      SELECT s.node_id, s.port, count(*) AS count
        FROM run_steps s JOIN scoped ON s.run_id = scoped.id
       WHERE s.port IS NOT NULL
       GROUP BY s.node_id, s.port`,
    sql<{ node_id: string; node_type: string; count: number }[]>`
      WITH scoped AS (${ids})
      SELECT node_id, min(node_type) AS node_type, count(*) AS count
        FROM (SELECT DISTINCT s.run_id, s.node_id, s.node_type FROM run_steps s JOIN scoped ON s.run_id = scoped.id) reached
       GROUP BY node_id`,
    sql<{ node_id: string; sent: number; failed: number; cost: number }[]>`
      WITH scoped AS (${ids})
      SELECT m.node_id,
             count(*) FILTER (WHERE m.status IN ('sent', 'sandbox')) AS sent,
             count(*) FILTER (WHERE m.status = 'failed') AS failed,
             COALESCE(sum(m.cost), 0) AS cost
        FROM messages m JOIN scoped ON m.run_id = scoped.id
       WHERE m.node_id IS NOT NULL
       GROUP BY m.node_id`,
    sql<{ day: string; n: number }[]>`
      WITH scoped AS (${ids})
      SELECT to_char(entered_at AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS day, count(*) AS n
        FROM scoped GROUP BY 1`,
    sql<{ day: string; cost: number }[]>`
      WITH scoped AS (${ids})
      SELECT to_char(m.created_at AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS day, COALESCE(sum(m.cost), 0) AS cost
        FROM messages m JOIN scoped ON m.run_id = scoped.id GROUP BY 1`,
  ]);

  return {
    totals: outcomes.totals,
    returns: outcomes.returns ?? [],
    bonus: bonus[0],
    channels,
    ports: portRows,
    reached: reachedRows,
    nodeMessages,
    entriesByDay,
    costByDay,
  };
}

function funnelOf(
  scope: ReportScope,
  reached: Array<{ node_id: string; node_type: string; count: number }>,
  ports: Array<{ node_id: string; port: string; count: number }>,
  messages: Array<{ node_id: string; sent: number; failed: number; cost: number }>,
): FunnelNode[] {
  const nodes = new Map<string, FunnelNode>();
  const plan = scope.canvas?.plan;
  // Canvas order first (every node, reached or not), then nodes only older versions had, by id.
  for (const node of Object.values(plan?.nodes ?? {})) {
    nodes.set(node.id, { nodeId: node.id, type: node.type, name: node.name, reached: 0, ports: [], messages: { sent: 0, failed: 0, cost: 0 } });
  }
  const entry = (id: string, type: string) => {
    let node = nodes.get(id);
    if (!node) nodes.set(id, (node = { nodeId: id, type, name: id, reached: 0, ports: [], messages: { sent: 0, failed: 0, cost: 0 } }));
    return node;
  };
  for (const row of reached) entry(row.node_id, row.node_type).reached = row.count;
  for (const row of ports) entry(row.node_id, 'unknown').ports.push({ port: row.port, count: row.count });
  for (const m of messages) entry(m.node_id, 'send').messages = { sent: m.sent, failed: m.failed, cost: round2(m.cost) };
  for (const node of nodes.values()) node.ports.sort((a, b) => b.count - a.count || a.port.localeCompare(b.port));
  const onCanvas = Object.keys(plan?.nodes ?? {}).length;
  const elsewhere = [...nodes.values()].slice(onCanvas).sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
  return [...[...nodes.values()].slice(0, onCanvas), ...elsewhere];
}

function dailySeries(
  scope: ReportScope,
  entries: Array<{ day: string; n: number }>,
  returns: Array<{ day: string; n: number; revenue: number }>,
  costs: Array<{ day: string; cost: number }>,
): DayPoint[] {
  const days = new Map<string, DayPoint>();
  const point = (day: string) => {
    let p = days.get(day);
    if (!p) days.set(day, (p = { day, entered: 0, returned: 0, revenue: 0, cost: 0 }));
    return p;
  };
  for (const e of entries) point(e.day).entered = e.n;
  for (const r of returns) Object.assign(point(r.day), { returned: r.n, revenue: round2(r.revenue) });
  for (const c of costs) point(c.day).cost = round2(c.cost);
  if (days.size === 0) return [];
  const known = [...days.keys()].sort();
  // Continuous days so charts show quiet days as zeros, within the period when one is given.
  const first = scope.from && scope.from < known[0] ? scope.from : known[0];
  const last = known[known.length - 1];
  const out: DayPoint[] = [];
  for (let d = first; d <= last && out.length < 1000; d = nextDay(d)) out.push(days.get(d) ?? { day: d, entered: 0, returned: 0, revenue: 0, cost: 0 });
  return out;
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
