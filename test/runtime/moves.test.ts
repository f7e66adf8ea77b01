import { afterAll, beforeAll, expect, it } from 'vitest';
import { compileScenario } from '../../shared/scenario/compile';
import { mindboxReactivation } from '../../shared/scenario/examples/mindboxReactivation';
import type { Plan } from '../../shared/scenario/plan';
import { ScenarioDocumentSchema, type ScenarioDocument } from '../../shared/scenario/schema';
import type { customerRun } from '../../workflows/customerRun';
import { runWorkflowId } from '../../workflows/ids';
import { moveRun } from '../../workflows/signals';
import { applyMovePlan } from '../../server/moves/apply';
import { deliverRunMoves } from '../../server/moves/deliver';
import { SANDBOX_CHANNELS } from '../../server/simulate/run';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { deliverOrderSignals } from '../../server/temporal/orderSignals';
import { startWorker, type RunningWorker } from '../../server/worker/start';
import { nextTimeOfDay } from '../../shared/time/timeOfDay';
import { zonedParts } from '../../shared/time/zoned';
import { until } from '../support/until';
import { customer, order, startRuntimeHarness, type RuntimeHarness } from './harness';
import { recordHistory } from './histories';

// How a run behaves around a move, on Temporal's time-skipping server: the wait it moves from lends its start to
// the wait it moves to, a message held by quiet hours goes out once with the new version's text, a run whose node
// has no choice keeps waiting, and a purchase still stops a run that moved.

const SCENARIO = '13131313-1313-4313-8313-131313131313';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const who = { userId: null, name: 'Ольга' };

let h: RuntimeHarness;
let worker: RunningWorker;
beforeAll(async () => {
  h = await startRuntimeHarness();
  worker = await startWorker({ sql: h.db.sql, connection: h.env.nativeConnection, namespace: 'default', taskQueue: 'moves', channels: SANDBOX_CHANNELS });
});
afterAll(async () => {
  await worker?.stop();
  await h?.stop();
});

const seed003 = (): ScenarioDocument => ScenarioDocumentSchema.parse(structuredClone(mindboxReactivation));

/** Version 2: the first wait 5 days instead of 7, the first message and the offer reworded. */
function version2(): ScenarioDocument {
  const doc = seed003();
  for (const node of doc.nodes) {
    if (node.id === 'w7') node.config = { days: 5 };
    if (node.id === 'hello') node.config = { ...node.config, text: 'Новая версия: {{ customer.name }}, мы рядом!' } as never;
    if (node.id === 'offer') node.config = { ...node.config, text: 'v2: дарим {{ bonus.points }} баллов' } as never;
  }
  return doc;
}

async function publish(scenarioId: string): Promise<{ v1: Plan; v2: Plan }> {
  const v1 = compileScenario(seed003(), { scenarioId, version: 1 });
  const v2 = compileScenario(version2(), { scenarioId, version: 2 });
  await storePublishedScenario(h.db.sql, seed003(), v1, new Date(await h.env.currentTimeMs()));
  return { v1, v2 };
}

/** Version 2 becomes the current one (runs already inside stay on v1 until a plan moves them). */
async function publishVersion2(v2: Plan): Promise<void> {
  await h.db.sql`INSERT INTO scenario_versions (scenario_id, version, document, plan) VALUES (${v2.scenarioId}, 2, ${h.db.sql.json(version2() as never)}, ${h.db.sql.json(v2 as never)})`;
  await h.db.sql`UPDATE scenarios SET current_version = 2 WHERE id = ${v2.scenarioId}`;
}

async function enter(plan: Plan, customerId: string) {
  return h.env.client.workflow.start<typeof customerRun>('customerRun', {
    workflowId: runWorkflowId(plan.scenarioId, customerId),
    taskQueue: 'moves',
    args: [{ plan, customerId, enteredAt: new Date(await h.env.currentTimeMs()).toISOString() }],
  });
}

const runRow = async (customerId: string) =>
  (await h.db.sql<{ id: string; status: string; current_node_id: string | null; next_wake_at: Date | null; plan_version: number | null; leg: number }[]>`
    SELECT id, status, current_node_id, next_wake_at, plan_version, leg FROM runs WHERE customer_id = ${customerId}`)[0];
const journal = async (customerId: string) =>
  h.db.sql<{ node_id: string; outcome: string; version: number | null; at: Date }[]>`
    SELECT s.node_id, s.outcome, s.version, s.at FROM run_steps s JOIN runs r ON r.id = s.run_id WHERE r.customer_id = ${customerId} ORDER BY s.at, s.id`;
const messages = async (customerId: string) =>
  h.db.sql<{ node_id: string; text: string; created_at: Date }[]>`SELECT node_id, text, created_at FROM messages WHERE customer_id = ${customerId} ORDER BY id`;

it('a run moved from a 7-day wait to a 5-day one wakes 5 days after it began waiting, and sends v2 texts once', async () => {
  await h.reset();
  await h.customers([customer('anna', { name: 'Анна' })]);
  await h.orders([order('a1', 'anna', '2025-08-01T12:00:00+03:00')]);
  await h.clockTo('12:00');
  const { v1, v2 } = await publish(SCENARIO);
  const handle = await enter(v1, 'anna');
  const waiting = await until('anna waiting at w7', async () => ((await runRow('anna'))?.next_wake_at ? runRow('anna') : null));
  const began = waiting.next_wake_at!.getTime() - 7 * DAY;
  await publishVersion2(v2);

  const plan = await applyMovePlan(h.db.sql, SCENARIO, { '1': { w7: { action: 'move', to: 'w7' } } }, who, 'ru');
  expect(plan.expected).toEqual({ '1': { w7: 1 } });
  expect(await deliverRunMoves(h.db.sql, h.env.client)).toMatchObject({ signalled: 1, failed: 0 });
  const moved = await until('anna on v2', async () => {
    const row = await runRow('anna');
    return row.plan_version === 2 && row.next_wake_at ? row : null;
  });
  expect(moved).toMatchObject({ leg: 1, current_node_id: 'w7', status: 'running' });
  expect(moved.next_wake_at!.getTime()).toBe(began + 5 * DAY);
  // After the move the workflow id names a second execution: the first ended by continuing as new.
  const continuedRunId = (await h.env.client.workflow.getHandle(handle.workflowId).describe()).runId;

  expect(await h.env.client.workflow.getHandle(handle.workflowId).result()).toMatchObject({ status: 'completed' });
  const sent = await messages('anna');
  // hello went out on v1 before the move; the offer and the reminder on v2, each once.
  expect(sent.map((m) => m.node_id)).toEqual(['hello', 'offer', 'remind']);
  expect(sent[0].text).toBe('Анна, давно не виделись!');
  expect(sent[1].text).toBe('v2: дарим 300 баллов');
  const steps = await journal('anna');
  // The offer went out when the 5-day wait, counted from when she began waiting on v1, ended (run time).
  const offered = steps.find((s) => s.node_id === 'offer' && s.outcome === 'sent')!.at.getTime() - began;
  expect(offered).toBeGreaterThanOrEqual(5 * DAY);
  expect(offered).toBeLessThan(5 * DAY + HOUR);
  expect(steps.map((s) => `${s.node_id}:${s.outcome}:v${s.version}`)).toEqual([
    'start:out:v1', 'audience:yes:v1', 'once:pass:v1', 'hello:sent:v1', 'w7:waiting:v1', 'w7:moved:v1',
    'w7:waiting:v2', 'w7:waited:v2', 'bought:no:v2', 'gift:granted:v2', 'offer:sent:v2', 'w12:waiting:v2', 'w12:waited:v2', 'remind:sent:v2',
  ]);
  expect((await h.db.sql`SELECT status FROM run_moves`).map((r) => r.status)).toEqual(['moved']);
  const firstRunId = (await runRow('anna')).id;
  expect(continuedRunId).not.toBe(firstRunId);
  await recordHistory(h.env.client, handle.workflowId, 'move-w7-to-shorter-wait', firstRunId);
  await recordHistory(h.env.client, handle.workflowId, 'move-w7-to-shorter-wait-continued', continuedRunId);
});

it('a message held by quiet hours moves before it is sent and goes out once, with the new text, when they end', async () => {
  await h.reset();
  await h.customers([customer('boris', { name: 'Борис' })]);
  await h.orders([order('b1', 'boris', '2025-08-01T12:00:00+03:00')]);
  const night = await h.clockTo('22:00');
  const { v1, v2 } = await publish(SCENARIO);
  const handle = await enter(v1, 'boris');
  await until('boris held at hello', async () => (await journal('boris')).some((s) => s.outcome === 'held'));
  await publishVersion2(v2);

  await applyMovePlan(h.db.sql, SCENARIO, { '1': { hello: { action: 'move', to: 'hello' } } }, who, 'ru');
  await deliverRunMoves(h.db.sql, h.env.client);
  await until('boris on v2', async () => (await runRow('boris')).plan_version === 2);
  // Let it run to the end (time skips through the hold and every wait).
  expect(await h.env.client.workflow.getHandle(handle.workflowId).result()).toMatchObject({ status: 'completed' });
  const sent = await messages('boris');
  expect(sent.map((m) => m.node_id)).toEqual(['hello', 'offer', 'remind']);
  expect(sent[0].text).toBe('Новая версия: Борис, мы рядом!');
  await recordHistory(h.env.client, handle.workflowId, 'move-during-quiet-hours-hold', (await runRow('boris')).id);
  await recordHistory(h.env.client, handle.workflowId, 'move-during-quiet-hours-hold-continued');
  const steps = await journal('boris');
  expect(steps.slice(3, 7).map((s) => `${s.node_id}:${s.outcome}:v${s.version}`)).toEqual(['hello:held:v1', 'hello:moved:v1', 'hello:held:v2', 'hello:sent:v2']);
  // 22:00 → 09:00 the next morning in Moscow (run time).
  const sentAfter = steps[6].at.getTime() - night.getTime();
  expect(sentAfter).toBeGreaterThanOrEqual(11 * HOUR);
  expect(sentAfter).toBeLessThan(11 * HOUR + 60_000);
});

it('a run whose node has no choice keeps waiting to its time; a purchase still stops a run that moved', async () => {
  await h.reset();
  await h.customers([customer('vera', { name: 'Вера' }), customer('gleb', { name: 'Глеб' })]);
  await h.orders([order('v1', 'vera', '2025-08-01T12:00:00+03:00'), order('g1', 'gleb', '2025-08-01T12:00:00+03:00')]);
  await h.clockTo('12:00');
  const { v1, v2 } = await publish(SCENARIO);
  const vera = await enter(v1, 'vera');
  const gleb = await enter(v1, 'gleb');
  const veraWaiting = await until('vera at w7', async () => ((await runRow('vera'))?.next_wake_at ? runRow('vera') : null));
  await until('gleb at w7', async () => (await runRow('gleb'))?.next_wake_at);
  await publishVersion2(v2);

  // A plan that says nothing about w7 (e.g. it reached vera after she moved on): she stays and wakes as before.
  await vera.signal(moveRun, { planId: '00000000-0000-4000-8000-000000000000', runId: veraWaiting.id, fromVersion: 1, toVersion: 2, choices: { w12: { action: 'exit' } } });
  // A plan for another run of the same workflow id, or for a version the run left, is not hers at all.
  await vera.signal(moveRun, { planId: '00000000-0000-4000-8000-000000000001', runId: 'someone-else', fromVersion: 1, toVersion: 2, choices: { w7: { action: 'exit' } } });
  await vera.signal(moveRun, { planId: '00000000-0000-4000-8000-000000000002', runId: veraWaiting.id, fromVersion: 7, toVersion: 2, choices: { w7: { action: 'exit' } } });

  await applyMovePlan(h.db.sql, SCENARIO, { '1': { w7: { action: 'move', to: 'w7' } } }, who, 'ru');
  // Vera is at w7 too, so the plan concerns her as well: take her row out, she is the one who stays.
  await h.db.sql`DELETE FROM run_moves WHERE run_id = ${veraWaiting.id}`;
  await deliverRunMoves(h.db.sql, h.env.client);
  await until('gleb on v2', async () => (await runRow('gleb')).plan_version === 2 && (await runRow('gleb')).next_wake_at);

  await h.orders([order('g2', 'gleb', new Date((await h.env.currentTimeMs()) + 60_000).toISOString())]);
  await deliverOrderSignals(h.db.sql, h.env.client);
  expect(await h.env.client.workflow.getHandle(gleb.workflowId).result()).toMatchObject({ status: 'converted' });
  expect((await messages('gleb')).map((m) => m.node_id)).toEqual(['hello']);

  expect(await vera.result()).toMatchObject({ status: 'completed' });
  await recordHistory(h.env.client, vera.workflowId, 'move-ignored-stays-waiting');
  await recordHistory(h.env.client, gleb.workflowId, 'moved-then-converted');
  const veraSteps = await journal('vera');
  expect(veraSteps.every((s) => s.version === 1)).toBe(true);
  const waited = veraSteps.find((s) => s.node_id === 'w7' && s.outcome === 'waited')!;
  // Woken when her timer was due, not 7 days after the plan reached her.
  expect(Math.abs(waited.at.getTime() - veraWaiting.next_wake_at!.getTime())).toBeLessThan(1_000);
  // Still v1's chain, all of it: v1's texts.
  expect((await messages('vera')).map((m) => m.node_id)).toEqual(['hello', 'offer', 'remind']);
  expect((await messages('vera'))[1].text).toMatch(/^Дарим 300 баллов/);
});

it('the same plan applied twice at once moves each run once: the other plan is superseded', async () => {
  await h.reset();
  await h.customers([customer('dina', { name: 'Дина' }), customer('egor', { name: 'Егор' })]);
  await h.orders([order('d1', 'dina', '2025-08-01T12:00:00+03:00'), order('e1', 'egor', '2025-08-01T12:00:00+03:00')]);
  await h.clockTo('12:00');
  const { v1, v2 } = await publish(SCENARIO);
  const runs = [await enter(v1, 'dina'), await enter(v1, 'egor')];
  for (const id of ['dina', 'egor']) await until(`${id} at w7`, async () => (await runRow(id))?.next_wake_at);
  await publishVersion2(v2);

  const choices = { '1': { w7: { action: 'move', to: 'w7' } } } as const;
  const [a, b] = await Promise.all([applyMovePlan(h.db.sql, SCENARIO, choices, who, 'ru'), applyMovePlan(h.db.sql, SCENARIO, choices, who, 'ru')]);
  expect(a.id).not.toBe(b.id);
  await deliverRunMoves(h.db.sql, h.env.client);
  for (const id of ['dina', 'egor']) await until(`${id} on v2`, async () => (await runRow(id)).plan_version === 2 && (await runRow(id)).next_wake_at);
  await deliverRunMoves(h.db.sql, h.env.client);
  const rows = await h.db.sql<{ run_id: string; status: string }[]>`SELECT run_id, status FROM run_moves ORDER BY run_id, status`;
  // Per run: one plan answered, the other superseded; none left open.
  expect(new Set(rows.map((r) => r.run_id)).size).toBe(2);
  for (const runId of new Set(rows.map((r) => r.run_id))) expect(rows.filter((r) => r.run_id === runId).map((r) => r.status)).toEqual(['moved', 'superseded']);
  for (const id of ['dina', 'egor']) {
    expect((await runRow(id)).leg).toBe(1);
    expect((await journal(id)).filter((s) => s.outcome === 'moved'), JSON.stringify(await h.db.sql`SELECT s.* FROM run_steps s JOIN runs r ON r.id = s.run_id WHERE r.customer_id = ${id} AND s.outcome = 'moved'`)).toHaveLength(1);
  }
  for (const run of runs) expect(await h.env.client.workflow.getHandle(run.workflowId).result()).toMatchObject({ status: 'completed' });
  for (const id of ['dina', 'egor']) expect((await messages(id)).map((m) => m.node_id)).toEqual(['hello', 'offer', 'remind']);
});

it('a run moved from a wait to a waitUntil wakes at the next such moment on the customer’s clock after the move', async () => {
  await h.reset();
  await h.customers([customer('zoya', { name: 'Зоя', timezone: 'Asia/Vladivostok' })]);
  await h.orders([order('z1', 'zoya', '2025-08-01T12:00:00+03:00')]);
  await h.clockTo('12:00');
  const { v1 } = await publish(SCENARIO);
  // Version 2: instead of 7 days, until the next Thursday 11:00.
  const doc = seed003();
  doc.nodes = doc.nodes.map((n) => (n.id === 'w7' ? ({ id: 'thursday', type: 'waitUntil', config: { mode: 'timeOfDay', time: '11:00', weekdays: ['thu'] } } as never) : n));
  doc.edges = doc.edges.map((e) => ({ ...e, from: e.from === 'w7' ? 'thursday' : e.from, to: e.to === 'w7' ? 'thursday' : e.to }));
  const v2 = compileScenario(doc, { scenarioId: SCENARIO, version: 2 });
  const handle = await enter(v1, 'zoya');
  await until('zoya waiting at w7', async () => (await runRow('zoya'))?.next_wake_at);
  await h.db.sql`INSERT INTO scenario_versions (scenario_id, version, document, plan) VALUES (${SCENARIO}, 2, ${h.db.sql.json(doc as never)}, ${h.db.sql.json(v2 as never)})`;
  await h.db.sql`UPDATE scenarios SET current_version = 2 WHERE id = ${SCENARIO}`;

  const movedAt = new Date(await h.env.currentTimeMs());
  await applyMovePlan(h.db.sql, SCENARIO, { '1': { w7: { action: 'move', to: 'thursday' } } }, who, 'ru');
  await deliverRunMoves(h.db.sql, h.env.client);
  const moved = await until('zoya at thursday', async () => {
    const row = await runRow('zoya');
    return row.plan_version === 2 && row.next_wake_at ? row : null;
  });
  expect(moved.current_node_id).toBe('thursday');
  // Thursday 11:00 in Vladivostok, the first after the move (the move takes well under a minute of run time).
  const wake = moved.next_wake_at!;
  expect(wake.getTime()).toBe(nextTimeOfDay(movedAt, '11:00', ['thu'], 'Asia/Vladivostok').getTime());
  expect(zonedParts(wake, 'Asia/Vladivostok')).toMatchObject({ weekday: 4, hour: 11, minute: 0 });
  expect(await handle.result()).toMatchObject({ status: 'completed' });
  const steps = await journal('zoya');
  expect(steps.map((s) => `${s.node_id}:${s.outcome}:v${s.version}`).slice(4, 8)).toEqual(['w7:waiting:v1', 'w7:moved:v1', 'thursday:waiting:v2', 'thursday:waited:v2']);
  expect(Math.abs(steps[7].at.getTime() - wake.getTime())).toBeLessThan(1_000);
});
