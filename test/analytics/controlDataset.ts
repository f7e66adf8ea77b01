import { randomUUID } from 'node:crypto';
import { giftVsDiscount } from '../../shared/scenario/examples/giftVsDiscount';
import { compileScenario } from '../../shared/scenario/compile';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import type { GroupOutcome } from '../../shared/stats/program';
import type { Sql } from '../../server/db/client';

/**
 * A generated program with every answer known in advance, for the reports against the global control group.
 * Five scenarios over September 2026 (Moscow days), each customer with the moments the product records — runs
 * (entries) and `entry_skips` rows with reason `control` (held out, one per firing) — and orders:
 * - «Спящие» (30-day window): 4,000 entered, 800 of them order (4,000 or 6,000 ₽ in turn: 1,000 ₽ per customer);
 *   1,000 held out, 100 order (500 ₽ per customer), each held out on three firings in a row; one SMS of 5 ₽ per
 *   entry and 100 bonus redemptions of 100 points: cost 30,000 ₽ → +10 pp, 400 extra returns, 2,000,000 ₽,
 *   75 ₽ per extra return;
 * - «Маленький магазин» (30 days): 4,750 entered (523 order), 250 held out (25 order): a small shop's 5 %;
 * - «Без эффекта» (14 days): 6,000 entered and 3,000 held out, 10 % order in both; 50 more held-out customers
 *   order 20 days later — outside this scenario's window, inside the program's 30 days;
 * - «Краевые случаи» and «Второй сценарий»: one customer per rule (first moment before the period, re-entry, a
 *   customer who changed group, an order before the moment, on the window's last instant and just after it, the
 *   period's edges in Moscow time, a customer in two scenarios).
 * `expectedGroups` derives each answer from this specification in plain JavaScript, never from the database.
 */

export const DAY = 86_400_000;
export const PERIOD = { from: '2026-09-01', to: '2026-09-30' };
const BASE = Date.parse('2026-09-01T07:00:00Z'); // 10:00 in Moscow
const LO = Date.parse('2026-08-31T21:00:00Z'); // 2026-09-01 00:00 in Moscow
const HI = Date.parse('2026-09-30T21:00:00Z'); // 2026-10-01 00:00 in Moscow

export interface SpecCustomer {
  id: string;
  /** Entries: [scenario key, time]. */
  runs: Array<{ scenario: string; at: number }>;
  /** Control rows: [scenario key, time]. */
  held: Array<{ scenario: string; at: number }>;
  orders: Array<{ at: number; amount: number }>;
  /** Cost of each entry: SMS roubles, and bonus points redeemed. */
  sms?: number;
  redeemed?: number;
}

export interface ControlSpec {
  scenarios: Array<{ key: string; name: string; windowDays: number }>;
  customers: SpecCustomer[];
}

export function controlSpec(prefix = 'cg'): ControlSpec {
  const scenarios = [
    { key: 'sleeping', name: 'Спящие', windowDays: 30 },
    { key: 'small', name: 'Маленький магазин', windowDays: 30 },
    { key: 'flat', name: 'Без эффекта', windowDays: 14 },
    { key: 'edges', name: 'Краевые случаи', windowDays: 30 },
    { key: 'second', name: 'Второй сценарий', windowDays: 30 },
  ];
  const customers: SpecCustomer[] = [];
  const day = (i: number) => BASE + (i % 30) * DAY + (i % 7) * 3_600_000;
  const group = (key: string, kind: 'run' | 'held', n: number, returning: number, amounts: number[], extra: (c: SpecCustomer, i: number) => void = () => {}) => {
    for (let i = 0; i < n; i++) {
      const at = day(i);
      const c: SpecCustomer = { id: `${prefix}-${key}-${kind}-${i}`, runs: [], held: [], orders: [] };
      if (kind === 'run') c.runs.push({ scenario: key, at });
      else for (let k = 0; k < 3; k++) c.held.push({ scenario: key, at: at + k * DAY });
      if (i < returning) c.orders.push({ at: at + 5 * DAY, amount: amounts[i % amounts.length] });
      extra(c, i);
      customers.push(c);
    }
  };
  group('sleeping', 'run', 4000, 800, [4000, 6000], (c, i) => {
    c.sms = 5;
    if (i % 40 === 0) c.redeemed = 100;
  });
  group('sleeping', 'held', 1000, 100, [4000, 6000]);
  group('small', 'run', 4750, 523, [1000], (c) => void (c.sms = 3));
  group('small', 'held', 250, 25, [1000]);
  group('flat', 'run', 6000, 600, [2000], (c) => void (c.sms = 1));
  group('flat', 'held', 3000, 300, [2000], (c, i) => {
    if (i >= 300 && i < 350) c.orders.push({ at: c.held[0].at + 20 * DAY, amount: 2000 });
  });

  const at = (iso: string) => Date.parse(iso);
  const edge = (name: string, c: Omit<SpecCustomer, 'id'>) => customers.push({ id: `${prefix}-edge-${name}`, ...c });
  // Held out daily since before the period: their first moment is outside it.
  edge('held-before', { runs: [], held: Array.from({ length: 12 }, (_, k) => ({ scenario: 'edges', at: at('2026-08-25T07:00:00Z') + k * DAY })), orders: [{ at: at('2026-09-03T10:00:00Z'), amount: 700 }] });
  // Entered before the period and again inside it: not counted.
  edge('entered-before', { runs: [{ scenario: 'edges', at: at('2026-08-20T07:00:00Z') }, { scenario: 'edges', at: at('2026-09-10T07:00:00Z') }], held: [], orders: [{ at: at('2026-09-12T07:00:00Z'), amount: 800 }] });
  // Re-entered inside the period: counted once from the first entry, whose window the order misses.
  edge('re-entered', { runs: [{ scenario: 'edges', at: at('2026-09-03T07:00:00Z') }, { scenario: 'edges', at: at('2026-09-20T07:00:00Z') }], held: [], orders: [{ at: at('2026-10-04T08:00:00Z'), amount: 900 }], sms: 2 });
  // Held out, then entered (the share went down): in neither group.
  edge('held-then-entered', { runs: [{ scenario: 'edges', at: at('2026-09-08T07:00:00Z') }], held: [{ scenario: 'edges', at: at('2026-09-04T07:00:00Z') }], orders: [{ at: at('2026-09-09T07:00:00Z'), amount: 1000 }] });
  // Entered, then held out (the share went up): treated.
  edge('entered-then-held', { runs: [{ scenario: 'edges', at: at('2026-09-04T07:00:00Z') }], held: [{ scenario: 'edges', at: at('2026-09-10T07:00:00Z') }], orders: [{ at: at('2026-09-05T07:00:00Z'), amount: 1100 }] });
  // An order before entry does not count; one on the window's last instant does.
  edge('window-last-instant', { runs: [{ scenario: 'edges', at: at('2026-09-05T07:00:00Z') }], held: [], orders: [{ at: at('2026-09-01T07:00:00Z'), amount: 300 }, { at: at('2026-10-05T07:00:00Z'), amount: 1200 }] });
  edge('window-just-after', { runs: [{ scenario: 'edges', at: at('2026-09-06T07:00:00Z') }], held: [], orders: [{ at: at('2026-10-06T07:00:01Z'), amount: 1300 }] });
  // The period's last local day ends at 21:00 UTC.
  edge('held-last-evening', { runs: [], held: [{ scenario: 'edges', at: at('2026-09-30T20:30:00Z') }], orders: [{ at: at('2026-10-02T07:00:00Z'), amount: 1400 }] });
  edge('held-after-midnight', { runs: [], held: [{ scenario: 'edges', at: at('2026-09-30T21:30:00Z') }], orders: [] });
  // Two scenarios: counted in each, and once in the program from the first.
  edge('two-scenarios', { runs: [{ scenario: 'second', at: at('2026-09-02T07:00:00Z') }, { scenario: 'edges', at: at('2026-09-12T07:00:00Z') }], held: [], orders: [{ at: at('2026-09-25T07:00:00Z'), amount: 1500 }], sms: 4 });
  // Held out in one scenario, entered another later: in each scenario's groups, in neither for the program.
  edge('held-and-entered-other', { runs: [{ scenario: 'second', at: at('2026-09-09T07:00:00Z') }], held: [{ scenario: 'edges', at: at('2026-09-07T07:00:00Z') }], orders: [{ at: at('2026-09-10T07:00:00Z'), amount: 1600 }] });
  return { scenarios, customers };
}

export interface ExpectedGroups {
  treated: GroupOutcome;
  control: GroupOutcome;
  cost: number;
}

/**
 * The groups exactly as the report defines them, for one scenario (`scenario`) or the program (null, `windowDays`):
 * each customer's first moment in the scope, counted in the period; treated when it is an entry with no held-out
 * row before it, control when it is a held-out row and the customer has no entry before the period's end.
 */
export function expectedGroups(spec: ControlSpec, scenario: string | null, programWindowDays = 30): ExpectedGroups {
  const out: ExpectedGroups = { treated: empty(), control: empty(), cost: 0 };
  const windowOf = (key: string) => (scenario === null ? programWindowDays : spec.scenarios.find((s) => s.key === key)!.windowDays);
  for (const c of spec.customers) {
    const runs = c.runs.filter((r) => scenario === null || r.scenario === scenario).sort((a, b) => a.at - b.at);
    const held = c.held.filter((h) => scenario === null || h.scenario === scenario).sort((a, b) => a.at - b.at);
    const firstRun = runs[0];
    const firstHeld = held[0];
    let kind: 'treated' | 'control' | null = null;
    let moment: { scenario: string; at: number } | null = null;
    if (firstRun && (!firstHeld || firstRun.at < firstHeld.at)) {
      if (firstRun.at >= LO && firstRun.at < HI) (kind = 'treated'), (moment = firstRun);
    } else if (firstHeld && firstHeld.at >= LO && firstHeld.at < HI && !runs.some((r) => r.at < HI)) {
      (kind = 'control'), (moment = firstHeld);
    }
    if (!kind || !moment) continue;
    const end = moment.at + windowOf(moment.scenario) * DAY;
    const inWindow = c.orders.filter((o) => o.at > moment!.at && o.at <= end);
    const revenue = inWindow.reduce((s, o) => s + o.amount, 0);
    const g = out[kind];
    g.customers++;
    if (inWindow.length > 0) g.returned++;
    g.revenue += revenue;
    g.revenueSq += revenue * revenue;
    if (kind === 'treated') {
      const paid = runs.filter((r) => r.at >= LO && r.at < HI).length;
      out.cost += paid * ((c.sms ?? 0) + (c.redeemed ?? 0));
    }
  }
  return out;
}

const empty = (): GroupOutcome => ({ customers: 0, returned: 0, revenue: 0, revenueSq: 0 });

export interface ControlDataset {
  spec: ControlSpec;
  scenarioIds: Record<string, string>;
  /** The policy version inserted below every other (option `policy: 'earlier'`), removed with the data. */
  earlierPolicyVersion?: number;
}

/** Inserts the specification with plain SQL (customers, versions, runs, held-out rows, orders, messages, bonuses). */
/**
 * `policy`: true (default) makes version 1 hold out 20 % since August; 'earlier' adds such a version below every
 * other one instead, so the control group existed in September while the policy in force stays what it is (a
 * server other tests share); false adds none.
 */
export async function insertControlDataset(sql: Sql, prefix = 'cg', options: { policy?: boolean | 'earlier' } = {}): Promise<ControlDataset> {
  const spec = controlSpec(prefix);
  const scenarioIds: Record<string, string> = {};
  for (const s of spec.scenarios) {
    const id = randomUUID();
    scenarioIds[s.key] = id;
    const doc = ScenarioDocumentSchema.parse({ ...giftVsDiscount, name: s.name, settings: { ...giftVsDiscount.settings, conversionWindowDays: s.windowDays } });
    await sql`INSERT INTO scenarios (id, name, status, draft, current_version) VALUES (${id}, ${s.name}, 'active', ${sql.json(doc as never)}, 1)`;
    const plan = compileScenario(doc, { scenarioId: id, version: 1 });
    await sql`INSERT INTO scenario_versions (scenario_id, version, document, plan, published_at)
              VALUES (${id}, 1, ${sql.json(doc as never)}, ${sql.json(plan as never)}, '2026-08-01T00:00:00Z')`;
  }
  let earlierPolicyVersion: number | undefined;
  if (options.policy === 'earlier') {
    const [row] = await sql<{ version: number }[]>`
      INSERT INTO communication_policies (version, caps, max_delay_days, control_share_pct, control_seed, created_at)
      SELECT coalesce(min(version), 1) - 1, '[]', 0, 20, 'test-seed', '2026-08-01T00:00:00Z' FROM communication_policies
      RETURNING version`;
    earlierPolicyVersion = row.version;
  } else if (options.policy !== false) {
    await sql`INSERT INTO communication_policies (version, caps, max_delay_days, control_share_pct, control_seed, created_at)
              VALUES (1, '[]', 0, 20, 'test-seed', '2026-08-01T00:00:00Z')`;
  }
  const batches = <T>(rows: T[], size = 2000) => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
  for (const rows of batches(spec.customers.map((c) => ({ id: c.id, name: `Клиент ${c.id}`, registered_at: new Date('2025-01-01T00:00:00Z') })))) {
    await sql`INSERT INTO customers ${sql(rows)}`;
  }
  const runs = spec.customers.flatMap((c) =>
    c.runs.map((r, n) => ({
      id: `${c.id}-run-${n}`,
      workflow_id: `run:${scenarioIds[r.scenario]}:${c.id}:${n}`,
      scenario_id: scenarioIds[r.scenario],
      version: 1,
      customer_id: c.id,
      status: 'completed',
      entered_at: new Date(r.at),
      ended_at: new Date(r.at + DAY),
      sms: c.sms ?? 0,
      redeemed: c.redeemed ?? 0,
    })),
  );
  for (const rows of batches(runs.map(({ sms: _, redeemed: __, ...r }) => r))) await sql`INSERT INTO runs ${sql(rows)}`;
  const held = spec.customers.flatMap((c) =>
    c.held.map((h) => ({
      scenario_id: scenarioIds[h.scenario],
      customer_id: c.id,
      day: new Date(h.at + 3 * 3_600_000).toISOString().slice(0, 10), // the Moscow day
      at: new Date(h.at),
      reason: 'control',
    })),
  );
  for (const rows of batches(held)) await sql`INSERT INTO entry_skips ${sql(rows)}`;
  const orders = spec.customers.flatMap((c) => c.orders.map((o, n) => ({ id: `${c.id}-order-${n}`, customer_id: c.id, amount: o.amount, placed_at: new Date(o.at) })));
  for (const rows of batches(orders)) await sql`INSERT INTO orders ${sql(rows)}`;
  const messages = runs
    .filter((r) => r.sms > 0)
    .map((r) => ({
      idempotency_key: `${r.id}:hello`,
      run_id: r.id,
      scenario_id: r.scenario_id,
      node_id: 'hello',
      customer_id: r.customer_id,
      channel: 'sms',
      recipient: '+79990000000',
      text: 'Мы скучаем',
      status: 'sent',
      provider: 'sandbox',
      cost: r.sms,
      created_at: r.entered_at,
    }));
  for (const rows of batches(messages)) await sql`INSERT INTO messages ${sql(rows)}`;
  for (const r of runs.filter((x) => x.redeemed > 0)) {
    const [grant] = await sql<{ id: number }[]>`
      INSERT INTO bonus_ledger (customer_id, kind, points, at, expires_at, run_id, node_id, idempotency_key)
      VALUES (${r.customer_id}, 'grant', 300, ${r.entered_at}, ${new Date(r.entered_at.getTime() + 3 * DAY)}, ${r.id}, 'gift', ${`${r.id}:gift`})
      RETURNING id`;
    await sql`INSERT INTO bonus_ledger (customer_id, kind, points, at, grant_id) VALUES (${r.customer_id}, 'redeem', ${-r.redeemed}, ${new Date(r.entered_at.getTime() + DAY)}, ${grant.id})`;
  }
  return { spec, scenarioIds, earlierPolicyVersion };
}

/** Removes everything insertControlDataset added (browser tests share one server and leave it as they found it). */
export async function removeControlDataset(sql: Sql, d: ControlDataset): Promise<void> {
  const scenarios = Object.values(d.scenarioIds);
  const customers = d.spec.customers.map((c) => c.id);
  await sql.begin(async (tx) => {
    await tx`DELETE FROM bonus_ledger WHERE customer_id = ANY(${customers}) AND kind <> 'grant'`;
    await tx`DELETE FROM bonus_ledger WHERE customer_id = ANY(${customers})`;
    await tx`DELETE FROM messages WHERE scenario_id = ANY(${scenarios}::uuid[])`;
    await tx`DELETE FROM entry_skips WHERE scenario_id = ANY(${scenarios}::uuid[])`;
    await tx`DELETE FROM runs WHERE scenario_id = ANY(${scenarios}::uuid[])`;
    await tx`DELETE FROM report_counts WHERE scenario_id = ANY(${scenarios}::uuid[])`;
    await tx`DELETE FROM orders WHERE customer_id = ANY(${customers})`;
    await tx`DELETE FROM customers WHERE id = ANY(${customers})`;
    await tx`DELETE FROM scenario_versions WHERE scenario_id = ANY(${scenarios}::uuid[])`;
    await tx`DELETE FROM scenarios WHERE id = ANY(${scenarios}::uuid[])`;
    if (d.earlierPolicyVersion !== undefined) await tx`DELETE FROM communication_policies WHERE version = ${d.earlierPolicyVersion}`;
  });
}
