import { randomUUID } from 'node:crypto';
import { giftVsDiscount } from '../../shared/scenario/examples/giftVsDiscount';
import { compileScenario } from '../../shared/scenario/compile';
import { ScenarioDocumentSchema, type ScenarioDocument } from '../../shared/scenario/schema';
import type { Sql } from '../../server/db/client';

/**
 * A generated A/B data set for the "gift vs 25 % off" scenario with every answer known in advance: runs of two
 * versions (conversion windows 30 and 14 days), a holdout, orders inside, outside and before each window, runs
 * converted by status only, sent and failed messages with costs, bonus grants with redemptions and expiries, and a
 * run of another scenario that must not leak in. Everything is inserted with plain SQL; `expected*` below derive
 * the answers from the same specification in plain JavaScript, never from the database.
 */
export interface SpecRun {
  id: string;
  customerId: string;
  version: 1 | 2;
  group: 'gift' | 'discount' | 'holdout';
  enteredAt: Date;
  status: 'running' | 'completed' | 'converted';
  endedAt: Date | null;
  orders: Array<{ id: string; at: Date; amount: number }>;
  steps: Array<{ nodeId: string; nodeType: string; port: string | null; outcome: string }>;
  messages: Array<{ nodeId: string; channel: 'email' | 'sms'; status: 'sent' | 'failed'; cost: number; at: Date }>;
  grant: { points: number; redeemed: number; expired: number } | null;
}

export interface Dataset {
  scenarioId: string;
  otherScenarioId: string;
  runs: SpecRun[];
  windows: Record<1 | 2, number>;
  document: ScenarioDocument;
}

const DAY = 86_400_000;
const BASE = Date.parse('2026-03-01T07:00:00Z'); // 10:00 in Moscow

export function datasetSpec(prefix = 'ab'): Omit<Dataset, 'scenarioId' | 'otherScenarioId' | 'document'> {
  const runs: SpecRun[] = [];
  for (let i = 0; i < 200; i++) {
    const second = i >= 180;
    const customerId = `${prefix}-c${i % 180}`;
    const version: 1 | 2 = i % 4 === 3 ? 2 : 1;
    const g = i % 10;
    const group = g === 0 ? 'holdout' : g <= 5 ? 'gift' : 'discount';
    // One entry at 00:30 Moscow time, so the local day differs from the UTC day.
    const enteredAt = i === 7 ? new Date('2026-03-02T21:30:00Z') : new Date(BASE + (i % 5) * DAY + (second ? 60 * DAY : 0));
    const at = (days: number) => new Date(enteredAt.getTime() + days * DAY);
    const o = i % 7;
    // Holdout customers return less often: only patterns 0 and 1 make them order.
    const pattern = group === 'holdout' && o > 1 ? 6 : o;
    const orders: SpecRun['orders'] = [];
    let status: SpecRun['status'] = 'completed';
    let endedAt: Date | null = at(3);
    if (pattern === 0) {
      orders.push({ id: `${prefix}-o${i}-a`, at: at(3), amount: 1000 }, { id: `${prefix}-o${i}-b`, at: at(10), amount: 500.5 });
      status = 'converted';
    } else if (pattern === 1) orders.push({ id: `${prefix}-o${i}-a`, at: at(20), amount: 700 }); // inside 30 days, outside 14
    else if (pattern === 2) orders.push({ id: `${prefix}-o${i}-a`, at: at(45), amount: 900 }); // outside both windows
    else if (pattern === 3) orders.push({ id: `${prefix}-o${i}-a`, at: at(-2), amount: 400 }); // before entry
    else if (pattern === 4) {
      status = 'converted'; // marked as converted by support, no order
      endedAt = at(1);
    }
    if (i % 13 === 0 && status === 'completed') {
      status = 'running';
      endedAt = null;
    }
    const steps: SpecRun['steps'] = [
      { nodeId: 'start', nodeType: 'dailyTrigger', port: 'out', outcome: 'out' },
      { nodeId: 'audience', nodeType: 'filter', port: 'yes', outcome: 'yes' },
      { nodeId: 'once', nodeType: 'frequencyLimit', port: 'pass', outcome: 'pass' },
      { nodeId: 'split', nodeType: 'abSplit', port: group, outcome: group === 'holdout' ? 'holdout' : 'variant' },
    ];
    const messages: SpecRun['messages'] = [];
    let grant: SpecRun['grant'] = null;
    const failed = i % 11 === 0;
    if (group === 'gift') {
      steps.push({ nodeId: 'gift', nodeType: 'grantBonus', port: 'out', outcome: 'granted' });
      steps.push({ nodeId: 'giftMail', nodeType: 'send', port: 'out', outcome: failed ? 'failed' : 'sent' });
      messages.push({ nodeId: 'giftMail', channel: 'email', status: failed ? 'failed' : 'sent', cost: failed ? 0 : 0.5, at: at(1 / 24) });
      grant = { points: 500, redeemed: pattern === 0 ? 200 : 0, expired: pattern === 2 ? 500 : 0 };
    } else if (group === 'discount') {
      steps.push({ nodeId: 'discountMail', nodeType: 'send', port: 'out', outcome: failed ? 'failed' : 'sent' });
      messages.push({ nodeId: 'discountMail', channel: 'sms', status: failed ? 'failed' : 'sent', cost: failed ? 0 : 3.5, at: at(1 / 24) });
    }
    runs.push({ id: `${prefix}-run-${i}`, customerId, version, group, enteredAt, status, endedAt, orders, steps, messages, grant });
  }
  return { runs, windows: { 1: 30, 2: 14 } };
}

export async function insertDataset(sql: Sql, prefix = 'ab'): Promise<Dataset> {
  const spec = datasetSpec(prefix);
  const scenarioId = randomUUID();
  const otherScenarioId = randomUUID();
  const v1 = ScenarioDocumentSchema.parse(giftVsDiscount);
  const v2 = ScenarioDocumentSchema.parse({ ...giftVsDiscount, settings: { ...giftVsDiscount.settings, conversionWindowDays: spec.windows[2] } });
  await sql`INSERT INTO scenarios (id, name, status, draft, current_version) VALUES (${scenarioId}, ${v2.name}, 'active', ${sql.json(v2 as never)}, 2)`;
  await sql`INSERT INTO scenarios (id, name, status, draft, current_version) VALUES (${otherScenarioId}, 'Другой сценарий', 'active', ${sql.json(v1 as never)}, 1)`;
  for (const [version, doc, id] of [[1, v1, scenarioId], [2, v2, scenarioId], [1, v1, otherScenarioId]] as const) {
    const plan = compileScenario(doc, { scenarioId: id, version });
    await sql`INSERT INTO scenario_versions (scenario_id, version, document, plan) VALUES (${id}, ${version}, ${sql.json(doc as never)}, ${sql.json(plan as never)})`;
  }
  const customers = [...new Set(spec.runs.map((r) => r.customerId))];
  await sql`INSERT INTO customers ${sql(customers.map((id) => ({ id, name: `Клиент ${id}`, registered_at: new Date('2025-01-01T00:00:00Z'), sub_email: true, sub_sms: true })))}`;

  const runRows = spec.runs.map((r) => ({
    id: r.id,
    workflow_id: `run:${scenarioId}:${r.customerId}`,
    scenario_id: scenarioId,
    version: r.version,
    customer_id: r.customerId,
    variant: r.group,
    status: r.status,
    entered_at: r.enteredAt,
    ended_at: r.endedAt,
  }));
  // A run of another scenario for the first customer, with an order, a message and a grant: none may show up.
  runRows.push({ ...runRows[1], id: `${prefix}-other-run`, workflow_id: `run:${otherScenarioId}:${runRows[1].customer_id}`, scenario_id: otherScenarioId, version: 1, status: 'completed' });
  await sql`INSERT INTO runs ${sql(runRows)}`;

  const orders = spec.runs.flatMap((r) => r.orders.map((o) => ({ id: o.id, customer_id: r.customerId, amount: o.amount, placed_at: o.at })));
  await sql`INSERT INTO orders ${sql(orders)}`;
  const steps = spec.runs.flatMap((r) =>
    r.steps.map((s, n) => ({
      run_id: r.id,
      node_id: s.nodeId,
      node_type: s.nodeType,
      at: new Date(r.enteredAt.getTime() + n * 1000),
      outcome: s.outcome,
      port: s.port,
      idempotency_key: `${r.id}:${s.nodeId}`,
    })),
  );
  // A second journal line at the same node (a quiet-hours hold) must not count the run twice.
  steps.push({ ...steps.find((s) => s.node_id === 'discountMail')!, outcome: 'held', port: null, idempotency_key: 'hold-line' });
  steps.push({ run_id: `${prefix}-other-run`, node_id: 'split', node_type: 'abSplit', at: new Date(BASE), outcome: 'variant', port: 'gift', idempotency_key: `${prefix}-other-run:split` });
  await sql`INSERT INTO run_steps ${sql(steps)}`;

  const messages = spec.runs.flatMap((r) =>
    r.messages.map((m) => ({
      idempotency_key: `${r.id}:${m.nodeId}`,
      run_id: r.id,
      scenario_id: scenarioId,
      node_id: m.nodeId,
      customer_id: r.customerId,
      channel: m.channel,
      recipient: m.channel === 'sms' ? '+79990000000' : 'client@example.ru',
      text: 'Мы соскучились!',
      status: m.status,
      provider: 'sandbox',
      cost: m.cost,
      created_at: m.at,
    })),
  );
  messages.push({ ...messages[0], idempotency_key: 'other-message', run_id: `${prefix}-other-run`, scenario_id: otherScenarioId, cost: 99 });
  await sql`INSERT INTO messages ${sql(messages)}`;

  for (const r of [...spec.runs.filter((x) => x.grant), { id: `${prefix}-other-run`, customerId: runRows[1].customer_id, enteredAt: new Date(BASE), grant: { points: 777, redeemed: 777, expired: 0 }, orders: [] }]) {
    const g = r.grant!;
    const [grant] = await sql<{ id: number }[]>`
      INSERT INTO bonus_ledger (customer_id, kind, points, at, expires_at, run_id, node_id, idempotency_key)
      VALUES (${r.customerId}, 'grant', ${g.points}, ${r.enteredAt}, ${new Date(r.enteredAt.getTime() + 3 * DAY)}, ${r.id}, 'gift', ${`${r.id}:gift`})
      RETURNING id`;
    if (g.redeemed) {
      await sql`INSERT INTO bonus_ledger (customer_id, kind, points, at, grant_id, order_id)
                VALUES (${r.customerId}, 'redeem', ${-g.redeemed}, ${r.orders[0]?.at ?? r.enteredAt}, ${grant.id}, ${r.orders[0]?.id ?? null})`;
    }
    if (g.expired) {
      await sql`INSERT INTO bonus_ledger (customer_id, kind, points, at, grant_id)
                VALUES (${r.customerId}, 'expire', ${-g.expired}, ${new Date(r.enteredAt.getTime() + 3 * DAY)}, ${grant.id})`;
    }
  }
  return { ...spec, scenarioId, otherScenarioId, document: v2 };
}

/** Conversion exactly as specified: first order after entry and ≤ entry + window, or a run ended as converted. */
export function outcomeOf(d: Pick<Dataset, 'windows'>, r: SpecRun) {
  const end = r.enteredAt.getTime() + d.windows[r.version] * DAY;
  const inWindow = r.orders.filter((o) => o.at.getTime() > r.enteredAt.getTime() && o.at.getTime() <= end);
  const converted = inWindow.length > 0 || r.status === 'converted';
  const firstOrder = inWindow.length ? new Date(Math.min(...inWindow.map((o) => o.at.getTime()))) : null;
  return {
    converted,
    convertedAt: firstOrder ?? (r.status === 'converted' ? r.endedAt : null),
    revenue: inWindow.reduce((s, o) => s + o.amount, 0),
    orders: inWindow.length,
  };
}

export const moscowDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(d);

/** Removes everything insertDataset added (e2e specs share one server and must leave it as they found it). */
export async function removeDataset(sql: Sql, d: Pick<Dataset, 'scenarioId' | 'otherScenarioId'>): Promise<void> {
  const scenarios = [d.scenarioId, d.otherScenarioId];
  await sql.begin(async (tx) => {
    const customers = (await tx<{ customer_id: string }[]>`SELECT DISTINCT customer_id FROM runs WHERE scenario_id = ANY(${scenarios}::uuid[])`).map((r) => r.customer_id);
    await tx`DELETE FROM bonus_ledger WHERE customer_id = ANY(${customers}) AND kind <> 'grant'`;
    await tx`DELETE FROM bonus_ledger WHERE customer_id = ANY(${customers})`;
    await tx`DELETE FROM messages WHERE run_id IN (SELECT id FROM runs WHERE scenario_id = ANY(${scenarios}::uuid[]))`;
    await tx`DELETE FROM run_steps WHERE run_id IN (SELECT id FROM runs WHERE scenario_id = ANY(${scenarios}::uuid[]))`;
    await tx`DELETE FROM runs WHERE scenario_id = ANY(${scenarios}::uuid[])`;
    await tx`DELETE FROM report_counts WHERE scenario_id = ANY(${scenarios}::uuid[])`;
    await tx`DELETE FROM orders WHERE customer_id = ANY(${customers})`;
    await tx`DELETE FROM customers WHERE id = ANY(${customers})`;
    await tx`DELETE FROM scenario_versions WHERE scenario_id = ANY(${scenarios}::uuid[])`;
    await tx`DELETE FROM scenarios WHERE id = ANY(${scenarios}::uuid[])`;
  });
}
