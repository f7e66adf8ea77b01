import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignVariant } from '../../shared/ab/assign';
import { giftVsDiscount } from '../../shared/scenario/examples/giftVsDiscount';
import { mindboxReactivation } from '../../shared/scenario/examples/mindboxReactivation';
import { closeTimeSkippingServer } from '../../server/simulate/testServer';
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
