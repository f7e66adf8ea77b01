import { afterAll, beforeAll, expect, it } from 'vitest';
import { giftVsDiscount } from '../../shared/scenario/examples/giftVsDiscount';
import type { ScenarioDocumentInput } from '../../shared/scenario/schema';
import { upsertCustomers } from '../../server/ingest/customers';
import { autoDecideSplits } from '../../server/scenarios/abAutoDecide';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';
import { RecordingRuntime } from './recordingRuntime';

// An A/B winner rolled out: by a marketer from the report ("send everyone to the winner"), or by the split itself
// once the numbers say so. Either way the next version routes new entrants to the winner, the draft learns it too,
// and the decision is recorded with what it rested on.

const DAY = 86_400_000;
let api: TestApi;
let marketer: SignedInClient;
let runtime: RecordingRuntime;

beforeAll(async () => {
  api = await startTestApi();
  runtime = new RecordingRuntime();
  api.deps.runtime = runtime;
  marketer = await api.loginAs('marketer');
});
afterAll(() => api?.stop());

function withAutoDecide(): ScenarioDocumentInput {
  const doc = structuredClone(giftVsDiscount);
  doc.nodes = doc.nodes.map((n) => (n.id === 'split' ? ({ ...n, config: { ...n.config, autoDecide: { minDays: 14, mdeRelPct: 50 } } } as typeof n) : n));
  return doc;
}

it('a marketer sends everyone to the winner: v2 routes new entrants to it, the draft and the A/B report know', async () => {
  const { body: created } = await marketer.post('/api/scenarios', giftVsDiscount);
  expect((await marketer.post(`/api/scenarios/${created.id}/publish`)).body.version).toBe(1);

  const unknown = await marketer.post(`/api/scenarios/${created.id}/ab/split/winner`, { variant: 'nope' });
  expect(unknown.status).toBe(400);
  expect(unknown.body.error.code).toBe('ab_variant_unknown');

  const rolled = await marketer.post(`/api/scenarios/${created.id}/ab/split/winner`, { variant: 'discount', keepHoldout: false });
  expect(rolled.status).toBe(201);
  expect(rolled.body).toEqual({ version: 2 });
  const v2 = (await marketer.get(`/api/scenarios/${created.id}/versions/2`)).body;
  const split = v2.document.nodes.find((n: { id: string }) => n.id === 'split');
  // The holdout goes to the winner too (keepHoldout: false); the gift branch stays for runs already in it.
  expect(split.config).toEqual({ variants: (giftVsDiscount.nodes[3].config as { variants: unknown }).variants, winner: 'discount' });
  expect(v2.plan.nodes.split.next).toEqual({ gift: 'gift', discount: 'discountMail' });
  expect(runtime.calls.at(-1)).toMatchObject({ call: 'published', version: 2 });

  const scenario = (await marketer.get(`/api/scenarios/${created.id}`)).body;
  expect(scenario.document.nodes.find((n: { id: string }) => n.id === 'split').config.winner).toBe('discount');
  // The draft matched v1, so it matches v2: nothing left unpublished.
  expect(scenario.hasUnpublishedChanges).toBe(false);

  const ab = (await marketer.get(`/api/scenarios/${created.id}/ab`)).body;
  expect(ab.splits[0].decision).toMatchObject({ variant: 'discount', label: 'Скидка 25%', automatic: false, by: marketer.user.name, fromVersion: 1, toVersion: 2, keepHoldout: false });
  const [audited] = await api.sql<{ details: Record<string, unknown> }[]>`SELECT details FROM audit_log WHERE action = 'scenario.abWinner'`;
  expect(audited.details).toMatchObject({ version: 2, fromVersion: 1, nodeId: 'split', variant: 'discount' });
});

it('a split that decides by itself waits for its days and its power, then rolls the leader out and tells the marketers', async () => {
  const { body: created } = await marketer.post('/api/scenarios', withAutoDecide());
  expect((await marketer.post(`/api/scenarios/${created.id}/publish`)).body.version).toBe(1);
  const now = new Date();
  const ids = Array.from({ length: 4000 }, (_, i) => `ab-${i}`);
  await upsertCustomers(api.sql, ids.map((id) => ({ id, registeredAt: '2024-01-01T00:00:00Z' })));
  // 2,000 per variant, entered 20 days ago: the gift converts 20 %, the discount 10 % (+50 % over 10 % at 80 % power
  // needs about 700 per group; +20 % would need 3,800, and the split would keep testing).
  const enteredAt = new Date(now.getTime() - 20 * DAY);
  await api.sql`
    INSERT INTO runs (id, workflow_id, scenario_id, version, customer_id, status, entered_at, ended_at)
    SELECT 'run-' || i, 'wf-' || i, ${created.id}, 1, 'ab-' || i, CASE WHEN (i < 2000 AND i % 5 = 0) OR (i >= 2000 AND i % 10 = 0) THEN 'converted' ELSE 'completed' END,
           ${enteredAt}, ${enteredAt}
      FROM generate_series(0, 3999) AS i`;
  await api.sql`
    INSERT INTO run_steps (run_id, node_id, node_type, at, outcome, port, idempotency_key)
    SELECT 'run-' || i, 'split', 'abSplit', ${enteredAt}, 'variant', CASE WHEN i < 2000 THEN 'gift' ELSE 'discount' END, 'run-' || i || ':split'
      FROM generate_series(0, 3999) AS i`;

  // Too early: 10 days after the first entrant with a 14-day minimum.
  expect(await autoDecideSplits(api.sql, runtime, new Date(enteredAt.getTime() + 10 * DAY))).toEqual([
    { scenarioId: created.id, nodeId: 'split', decided: false, why: { ru: 'тест идёт 10 дн. из 14', en: 'the test has run 10 of 14 days' } },
  ]);
  const decided = await autoDecideSplits(api.sql, runtime, now);
  expect(decided).toEqual([{ scenarioId: created.id, nodeId: 'split', decided: true, version: 2 }]);

  const v2 = (await marketer.get(`/api/scenarios/${created.id}/versions/2`)).body;
  // Decided by itself: the holdout kept (it measures the program), no rule left to apply.
  expect(v2.document.nodes.find((n: { id: string }) => n.id === 'split').config).toMatchObject({ winner: 'gift', holdoutPct: 10 });
  expect(v2.document.nodes.find((n: { id: string }) => n.id === 'split').config.autoDecide).toBeUndefined();
  const ab = (await marketer.get(`/api/scenarios/${created.id}/ab`)).body;
  expect(ab.splits[0].decision).toMatchObject({ variant: 'gift', automatic: true, by: null, toVersion: 2, stats: { leader: 'gift', runnerUp: 'discount' } });
  expect(ab.splits[0].decision.stats.pValue).toBeLessThan(0.001);

  const notices = (await marketer.get(`/api/scenarios/${created.id}/notices`)).body.notices;
  expect(notices).toHaveLength(1);
  expect(notices[0].text).toMatch(/^A\/B-тест «.*» в сценарии «A\/B: подарок или скидка 25% для спящих» решён автоматически: победил «Подарок» \(конверсия 20,0 % против 10,0 % у «Скидка 25%», p = 0,0000\)\. С v2 все новые клиенты получают «Подарок»/);
  expect((await marketer.post(`/api/scenarios/${created.id}/notices/${notices[0].id}/done`)).status).toBe(204);
  expect((await marketer.get(`/api/scenarios/${created.id}/notices`)).body.notices).toEqual([]);

  // Decided once: the next pass finds nothing to judge.
  expect(await autoDecideSplits(api.sql, runtime, now)).toEqual([]);
});
