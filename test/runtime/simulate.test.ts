import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignVariant } from '../../shared/ab/assign';
import { giftVsDiscount } from '../../shared/scenario/examples/giftVsDiscount';
import { mindboxReactivation } from '../../shared/scenario/examples/mindboxReactivation';
import { closeTimeSkippingServer } from '../../server/simulate/testServer';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { compileScenario } from '../../shared/scenario/compile';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';
import { customer, order, quietTemporalLogs } from './harness';

let api: TestApi;
let marketer: SignedInClient;
beforeAll(async () => {
  quietTemporalLogs();
  api = await startTestApi();
  marketer = await api.loginAs('marketer');
});
afterAll(async () => {
  await closeTimeSkippingServer();
  await api?.stop();
});

const DAY = 86_400_000;
const START = '2026-03-02T00:00:00+03:00';

/** 200 customers: 150 asleep for 200+ days, 50 who cross the 180-day mark during the 90 days; 20 buy in between. */
function shop() {
  const customers = [];
  const orders = [];
  const events = [];
  for (let i = 0; i < 200; i++) {
    const id = `c${String(i).padStart(3, '0')}`;
    customers.push(customer(id, { name: `Покупатель ${i}`, timezone: i % 7 === 0 ? 'Asia/Yekaterinburg' : null }));
    const daysAgo = i < 150 ? 200 + i : 180 - (i - 150);
    orders.push(order(`h-${id}`, id, new Date(Date.parse(START) - daysAgo * DAY).toISOString()));
    if (i % 10 === 3) events.push({ type: 'order', order: order(`e-${id}`, id, new Date(Date.parse(START) + (5 + (i % 40)) * DAY + 3 * 3_600_000).toISOString(), 990) });
  }
  return { customers, orders, events };
}

describe('POST /api/simulate', () => {
  // What it reports is the point here, not how fast (that is the benchmark's): a busy 2-core machine may take minutes.
  it('runs 200 customers over 90 days on isolated data and reports every run, message and bonus', { timeout: 300_000 }, async () => {
    const { customers, orders, events } = shop();
    const started = performance.now();
    const res = await marketer.post('/api/simulate', { scenario: mindboxReactivation, start: START, days: 90, customers, orders, events });
    const seconds = (performance.now() - started) / 1000;
    console.log(`[simulate] 200 customers × 90 days: ${seconds.toFixed(1)} s wall clock, ${res.body.runs?.length} runs, ${res.body.summary?.messages?.total} messages`);
    expect(res.status).toBe(200);

    const { runs, summary } = res.body;
    expect(summary.customers).toBe(200);
    // c163, c173, c183 and c193 buy before they have slept 180 days: they never enter.
    const entered = new Set(runs.map((r: any) => r.customerId));
    expect(['c163', 'c173', 'c183', 'c193'].filter((id) => entered.has(id))).toEqual([]);
    expect(summary.entered).toBe(196);
    // One entry each: the 180-day frequency limit.
    expect(runs).toHaveLength(196);
    const first = runs.find((r: any) => r.customerId === 'c000');
    expect(first).toMatchObject({ enteredAt: '2026-03-02T07:00:00.000Z', version: 1, status: 'completed', variant: null });
    expect(first.messages.map((m: any) => [m.nodeId, m.at.slice(0, 16), m.text])).toEqual([
      ['hello', '2026-03-02T07:00', 'Покупатель 0, давно не виделись!'],
      ['offer', '2026-03-09T07:00', 'Дарим 300 баллов до 23.03'],
      ['remind', '2026-03-21T07:00', 'Ваши 300 баллов сгорят 23.03'],
    ]);
    expect(first.bonuses).toEqual([{ at: expect.stringMatching(/^2026-03-09T07:00/), nodeId: 'gift', points: 300, expiresAt: expect.stringMatching(/^2026-03-23T07:00/) }]);
    // c190 bought 140 days before the start: enters on day 40, when that becomes 180.
    expect(runs.find((r: any) => r.customerId === 'c190').enteredAt).toBe('2026-04-11T07:00:00.000Z');
    // c013 buys on day 18, during the 12-day wait: converted, no reminder.
    const buyer = runs.find((r: any) => r.customerId === 'c013');
    expect(buyer.status).toBe('converted');
    expect(buyer.messages.map((m: any) => m.nodeId)).toEqual(['hello', 'offer']);
    // Buyers on days 8 and 18 were mid-chain (c003, c013, c043, …); those on days 28 and 38 had already completed it.
    expect(runs.filter((r: any) => r.status === 'converted').map((r: any) => r.customerId).sort()).toEqual(['c003', 'c013', 'c043', 'c053', 'c083', 'c093', 'c123', 'c133']);
    expect(summary.byStatus).toMatchObject({ converted: 8, completed: 188, running: 0 });

    // Nothing leaked into the real database.
    const [{ n }] = await api.sql<{ n: number }[]>`SELECT (SELECT count(*) FROM runs) + (SELECT count(*) FROM messages) + (SELECT count(*) FROM customers) AS n`;
    expect(n).toBe(0);
  });

  it('is deterministic: the same request gives the same variants, and a saved scenario gives its own runs\' variants', { timeout: 300_000 }, async () => {
    const customers = Array.from({ length: 30 }, (_, i) => customer(`ab${i}`));
    const orders = customers.map((c) => order(`h-${c.id}`, c.id, new Date(Date.parse(START) - 120 * DAY).toISOString(), 12_000));
    const request = { scenario: giftVsDiscount, start: START, days: 1, customers, orders };
    const variants = (body: any) => Object.fromEntries(body.runs.map((r: any) => [r.customerId, r.variant]));

    const first = await marketer.post('/api/simulate', request);
    const second = await marketer.post('/api/simulate', request);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.runs).toHaveLength(30);
    expect(variants(second.body)).toEqual(variants(first.body));
    expect(second.body.summary.variants).toEqual(first.body.summary.variants);

    // Under a saved scenario's id, each customer gets the variant that scenario's real run gives (the same pure
    // assignment the workflow makes); the split differs from the unsaved draft's for some customers.
    const scenarioId = '6f1d0c2e-4b8a-4c57-9a43-2f1e8d7c5b10';
    const saved = await marketer.post('/api/simulate', { ...request, scenarioId });
    expect(saved.status).toBe(200);
    const split = giftVsDiscount.nodes.find((n) => n.type === 'abSplit')!;
    const expected = Object.fromEntries(customers.map((c) => [c.id, assignVariant({ scenarioId, nodeId: split.id, customerId: c.id }, split.config as never)]));
    expect(variants(saved.body)).toEqual(expected);
    expect(variants(saved.body)).not.toEqual(variants(first.body));
  });

  it('lists every problem of an invalid request with its exact place', async () => {
    const broken = {
      ...mindboxReactivation,
      nodes: mindboxReactivation.nodes.map((n) => (n.id === 'w7' ? { ...n, config: { days: 400 } } : n)),
      edges: [...mindboxReactivation.edges, { from: 'remind', port: 'out', to: 'hello' }],
    };
    const res = await marketer.post('/api/simulate', {
      scenario: broken,
      start: START,
      days: 30,
      customers: [customer('a'), { ...customer('b'), email: 'not-an-email' }],
      orders: [order('o1', 'ghost', '2025-01-01T10:00:00+03:00')],
      events: [{ type: 'order', order: order('o2', 'a', '2027-01-01T10:00:00+03:00') }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_simulation');
    const paths = res.body.error.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['customers.1.email', 'orders.0.customerId', 'events.0.order.placedAt']));
    expect(res.body.error.issues.some((i: any) => i.code === 'graph.cycle')).toBe(true);
    expect(res.body.error.issues.some((i: any) => i.path.startsWith('scenario.') && i.path.includes('days'))).toBe(true);
  });

  it('refuses requests over the limits with 413, and a missing field with 400', async () => {
    const tooMany = Array.from({ length: 1001 }, (_, i) => customer(`x${i}`));
    const big = await marketer.post('/api/simulate', { scenario: mindboxReactivation, start: START, days: 30, customers: tooMany });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('simulation_too_large');
    const long = await marketer.post('/api/simulate', { scenario: mindboxReactivation, start: START, days: 1000, customers: [] });
    expect(long.status).toBe(400);
    expect(long.body.error.issues.map((i: any) => i.path)).toContain('days');
  });

  it('is for marketers and analysts, not support', async () => {
    const support = await api.loginAs('support');
    const res = await support.post('/api/simulate', { scenario: mindboxReactivation, start: START, days: 1, customers: [] });
    expect(res.status).toBe(403);
  });
});

describe('POST /api/simulate with several scenarios', () => {
  /** Everyone with an order enters once, gets one email at `at`. */
  const oneMail = (name: string, at: string, text: string, settings: Record<string, unknown> = {}) => ({
    format: 'scenario/v1',
    name,
    settings: { timezone: 'Europe/Moscow', ...settings },
    nodes: [
      { id: 'start', type: 'dailyTrigger', config: { at } },
      { id: 'who', type: 'filter', config: { condition: { field: 'orderCount', op: 'gte', value: 1 } } },
      { id: 'once', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 30 } },
      { id: 'mail', type: 'send', config: { channel: 'email', text } },
    ],
    edges: [
      { from: 'start', port: 'out', to: 'who' },
      { from: 'who', port: 'yes', to: 'once' },
      { from: 'once', port: 'pass', to: 'mail' },
    ],
  });
  const ten = () => {
    const ids = Array.from({ length: 10 }, (_, i) => `m${i}`);
    return { customers: ids.map((id) => customer(id)), orders: ids.map((id) => order(`o-${id}`, id, '2025-12-01T12:00:00+03:00')) };
  };

  it("runs the draft beside the shop's published scenarios under the shop's policy, and shows where they met", { timeout: 300_000 }, async () => {
    await marketer.put('/api/settings/policy', { caps: [{ channel: 'all', period: 'day', max: 1 }], maxDelayDays: 3, controlGroup: { sharePct: 0 } });
    // Published as the lifecycle would (this API runs without Temporal, which publishing schedules the trigger on).
    const doc = ScenarioDocumentSchema.parse(oneMail('Опубликованный', '10:00', 'Утреннее письмо'));
    await storePublishedScenario(api.sql, doc, compileScenario(doc, { scenarioId: 'a1b2c3d4-0000-4000-8000-000000000001', version: 1 }), new Date(START));
    const res = await marketer.post('/api/simulate', { scenario: oneMail('Черновик', '12:00', 'Дневное письмо'), withPublished: true, start: START, days: 2, ...ten() });
    expect(res.status).toBe(200);
    expect(res.body.policy).toMatchObject({ caps: [{ channel: 'all', period: 'day', max: 1 }] });
    expect(res.body.scenarios.map((s: any) => [s.name, s.main, s.entered, s.messages, s.deferred])).toEqual([
      ['Черновик', true, 10, 10, 10],
      ['Опубликованный', false, 10, 10, 0],
    ]);
    expect(res.body.summary.messages.deferred).toBe(10);
    expect(res.body.collisions.customers).toBe(10);
    expect(res.body.collisions.examples[0].events.map((e: any) => [e.at.slice(0, 16), e.outcome])).toEqual([
      ['2026-03-02T07:00', 'sent'],
      ['2026-03-02T09:00', 'deferred'],
      ['2026-03-03T09:00', 'sent'],
    ]);
    // The draft's mail went the next day at its own hour, 12:00 Moscow time.
    expect(res.body.runs[0].messages.map((m: any) => m.at.slice(0, 16))).toEqual(['2026-03-03T09:00']);
  });

  it('tries another policy and exclusivity between unsaved documents: the higher priority takes everyone', { timeout: 300_000 }, async () => {
    const res = await marketer.post('/api/simulate', {
      scenario: oneMail('Уходящие', '10:00', 'Вернитесь', { exclusivityGroup: 'возврат', priority: 40 }),
      others: [{ scenario: oneMail('Спящие', '12:00', 'Мы скучаем', { exclusivityGroup: 'возврат', priority: 90 }) }],
      policy: { caps: [], maxDelayDays: 0, controlGroup: { sharePct: 0 } },
      start: START,
      days: 2,
      ...ten(),
    });
    expect(res.status).toBe(200);
    expect(res.body.policy.caps).toEqual([]);
    // On the first day «Спящие» takes everyone; on the second its 30-day entry limit keeps them out of it, and with
    // its run over nothing holds them: they enter «Уходящие» then.
    const [draft, other] = res.body.scenarios;
    expect([draft.notEntered.exclusive_priority, other.entered]).toEqual([10, 10]);
    expect(new Set(res.body.runs.map((r: any) => r.enteredAt))).toEqual(new Set(['2026-03-03T07:00:00.000Z']));
  });

  it('names a broken other document by its place', async () => {
    const res = await marketer.post('/api/simulate', { scenario: oneMail('A', '10:00', 'x'), others: [{ scenario: { format: 'scenario/v1' } }], start: START, days: 1, customers: [] });
    expect(res.status).toBe(400);
    expect(res.body.error.issues.some((i: any) => i.path.startsWith('others.0.scenario'))).toBe(true);
  });
});
