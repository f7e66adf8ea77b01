import { afterAll, beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import { CustomerCard, RunDetail, RunPage } from '../../shared/api/support';
import { compileScenario } from '../../shared/scenario/compile';
import { mindboxReactivation } from '../../shared/scenario/examples/mindboxReactivation';
import { ScenarioDocumentSchema, type ScenarioDocument } from '../../shared/scenario/schema';
import { upsertCustomers } from '../../server/ingest/customers';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { startTestApi, type ApiResponse, type SignedInClient, type TestApi } from '../support/api';

/**
 * The support desk on runs a move plan took from v1 to v2, written into PostgreSQL as the runtime leaves them
 * (server/activities/moves.ts): the flight recorder answers with both versions' documents and paths, the journal
 * with each step's version, and the customer card and the runs list with "v1 → v2". No Temporal: the table answers.
 */

const SCENARIO_ID = '19019019-0190-4190-8190-190190190190';
const PLAN_ID = '29029029-0290-4290-8290-290290290290';
const MOVED_AT = '2026-11-23T14:05:00+03:00';

let api: TestApi;
let support: SignedInClient;

const v1 = (): ScenarioDocument => ScenarioDocumentSchema.parse(structuredClone(mindboxReactivation));

/** Version 2: a shorter first wait, a shorter second one with a label of its own, and the time zone of Yekaterinburg. */
function v2(): ScenarioDocument {
  const doc = v1();
  doc.settings.timezone = 'Asia/Yekaterinburg';
  for (const node of doc.nodes) {
    if (node.id === 'w7') node.config = { days: 5 };
    if (node.id === 'w12') Object.assign(node, { label: 'Ждать 10 дн.', config: { days: 10 } });
  }
  return doc;
}

/** The body of a 2xx answer, parsed by the schema the editor is typed with. */
function answer<S extends z.ZodType>(res: ApiResponse, schema: S): z.infer<S> {
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
  const parsed = schema.safeParse(res.body);
  expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  return parsed.data as z.infer<S>;
}

type Step = [nodeId: string, type: string, at: string, outcome: string, port: string | null, version: number | null, data?: Record<string, unknown>];

async function insertRun(run: { id: string; customerId: string; status: string; planVersion: number | null; leg: number; node: string | null; wake: string | null; endReason?: string }, steps: Step[]) {
  const sql = api.sql;
  await sql`
    INSERT INTO runs (id, workflow_id, scenario_id, version, plan_version, leg, customer_id, status, entered_at, ended_at, end_reason, current_node_id, next_wake_at)
    VALUES (${run.id}, ${`run:${SCENARIO_ID}:${run.customerId}`}, ${SCENARIO_ID}, 1, ${run.planVersion}, ${run.leg}, ${run.customerId}, ${run.status},
            ${steps[0][2]}, ${run.status === 'running' ? null : steps.at(-1)![2]}, ${run.endReason ?? null}, ${run.node}, ${run.wake})`;
  let leg = 0;
  for (const [nodeId, type, at, outcome, port, version, data] of steps) {
    // Journal keys as the runtime writes them: a node journaled again after a move carries the leg.
    const key = `${run.id}:${leg ? `L${leg}:` : ''}${nodeId}${outcome === 'waiting' ? ':waiting' : ''}${outcome === 'moved' ? `:moved:${PLAN_ID}` : ''}`;
    await sql`
      INSERT INTO run_steps (run_id, node_id, node_type, at, outcome, port, reason, data, idempotency_key, version)
      VALUES (${run.id}, ${nodeId}, ${type}, ${at}, ${outcome}, ${port}, ${outcome === 'moved' ? 'перенесён с v1 «Ждать 7 дн.» на v2 «Ждать 5 дн.» (Ольга)' : null},
              ${data ? sql.json(data as never) : null}, ${key}, ${version})`;
    if (outcome === 'moved') leg += 1;
  }
}

/** Entered on v1 on 20.11 before moves existed (its first steps have no version), waiting at w7. */
const entrySteps: Step[] = [
  ['start', 'dailyTrigger', '2026-11-20T10:00:00+03:00', 'out', 'out', null],
  ['audience', 'filter', '2026-11-20T10:00:00+03:00', 'yes', 'yes', null],
  ['once', 'frequencyLimit', '2026-11-20T10:00:00+03:00', 'pass', 'pass', null],
  ['hello', 'send', '2026-11-20T10:00:01+03:00', 'sent', 'out', null],
  ['w7', 'wait', '2026-11-20T10:00:02+03:00', 'waiting', null, null],
];

beforeAll(async () => {
  api = await startTestApi();
  support = await api.loginAs('support');
  await storePublishedScenario(api.sql, v1(), compileScenario(v1(), { scenarioId: SCENARIO_ID, version: 1 }), new Date('2026-11-01T12:00:00+03:00'));
  const plan2 = compileScenario(v2(), { scenarioId: SCENARIO_ID, version: 2 });
  await api.sql`INSERT INTO scenario_versions (scenario_id, version, document, plan, published_at) VALUES (${SCENARIO_ID}, 2, ${api.sql.json(v2() as never)}, ${api.sql.json(plan2 as never)}, '2026-11-29T12:00:00+03:00')`;
  await api.sql`UPDATE scenarios SET current_version = 2 WHERE id = ${SCENARIO_ID}`;
  await upsertCustomers(api.sql, [
    { id: 'anna', name: 'Анна Иванова', email: 'anna@example.test', registeredAt: '2024-01-10T12:00:00+03:00', subscriptions: { email: true } },
    { id: 'boris', name: 'Борис Петров', email: 'boris@example.test', registeredAt: '2024-01-10T12:00:00+03:00', subscriptions: { email: true } },
    { id: 'vera', name: 'Вера Смирнова', email: 'vera@example.test', registeredAt: '2024-01-10T12:00:00+03:00', subscriptions: { email: true } },
  ]);
  await api.sql`
    INSERT INTO move_plans (id, scenario_id, to_version, choices, expected, created_by_name, created_at)
    VALUES (${PLAN_ID}, ${SCENARIO_ID}, 2, ${api.sql.json({ '1': { w7: { action: 'move', to: 'w7' } } })}, ${api.sql.json({ '1': { w7: 2 } })}, 'Ольга', ${MOVED_AT})`;

  // Anna moved at w7 to v2's w7 on 23.11, waited out the rest of its 5 days from 20.11 there, and now waits at v2's w12.
  await insertRun({ id: 'run-anna', customerId: 'anna', status: 'running', planVersion: 2, leg: 1, node: 'w12', wake: '2026-12-05T10:00:05+03:00' }, [
    ...entrySteps,
    ['w7', 'wait', MOVED_AT, 'moved', null, 1, { planId: PLAN_ID, fromVersion: 1, toVersion: 2, toNodeId: 'w7', by: 'Ольга' }],
    ['w7', 'wait', '2026-11-23T14:05:01+03:00', 'waiting', null, 2],
    ['w7', 'wait', '2026-11-25T10:00:03+03:00', 'waited', 'out', 2],
    ['bought', 'checkOrders', '2026-11-25T10:00:03+03:00', 'no', 'no', 2],
    ['gift', 'grantBonus', '2026-11-25T10:00:04+03:00', 'granted', 'out', 2],
    ['offer', 'send', '2026-11-25T10:00:05+03:00', 'sent', 'out', 2],
    ['w12', 'wait', '2026-11-25T10:00:05+03:00', 'waiting', null, 2],
  ]);
  // Boris never moved: the flight recorder and the card look as they always did.
  await insertRun({ id: 'run-boris', customerId: 'boris', status: 'running', planVersion: null, leg: 0, node: 'w7', wake: '2026-11-27T10:00:02+03:00' }, entrySteps);
  // The plan took Vera out: she ended on v1 and never executed v2.
  const exitReason = 'выведен из сценария при переходе на v2: шаг v1 «Ждать 7 дн.» (Ольга)';
  await insertRun({ id: 'run-vera', customerId: 'vera', status: 'exited', planVersion: null, leg: 0, node: 'w7', wake: null, endReason: exitReason }, [
    ...entrySteps,
    ['w7', 'wait', MOVED_AT, 'exited', null, 1],
  ]);
  await api.sql`
    INSERT INTO run_moves (plan_id, run_id, workflow_id, from_version, from_node_id, status, resolved_at, resolved_node_id, to_node_id)
    VALUES (${PLAN_ID}, 'run-anna', ${`run:${SCENARIO_ID}:anna`}, 1, 'w7', 'moved', ${MOVED_AT}, 'w7', 'w7'),
           (${PLAN_ID}, 'run-vera', ${`run:${SCENARIO_ID}:vera`}, 1, 'w7', 'exited', ${MOVED_AT}, 'w7', null)`;
});

afterAll(async () => {
  await api?.stop();
});

it('the flight recorder of a moved run has both versions, each step with its version, and where it is now on v2', async () => {
  const detail = answer(await support.get('/api/runs/run-anna'), RunDetail);
  expect(detail.run).toMatchObject({ version: 1, currentVersion: 2, movedTo: [2], status: 'running', currentNodeId: 'w12' });
  expect(detail.versions.map((v) => [v.version, v.document.nodes.find((n) => n.id === 'w7')?.config])).toEqual([
    [1, { days: 7 }],
    [2, { days: 5 }],
  ]);
  // The document, the time zone, the current node and the wake-up are the current version's.
  expect(detail.document.nodes.find((n) => n.id === 'w12')?.label).toBe('Ждать 10 дн.');
  expect(detail).toMatchObject({ timezone: 'Asia/Yekaterinburg', currentNodeId: 'w12', nextWakeAt: new Date('2026-12-05T10:00:05+03:00').toISOString(), source: 'table' });
  expect(detail.moves).toEqual([
    { stepId: detail.steps.find((s) => s.outcome === 'moved')!.id, at: new Date(MOVED_AT).toISOString(), planId: PLAN_ID, fromVersion: 1, fromNodeId: 'w7', toVersion: 2, toNodeId: 'w7', by: 'Ольга' },
  ]);
  expect(detail.steps.map((s) => `${s.nodeId}:${s.outcome}:v${s.version}`)).toEqual([
    'start:out:v1', 'audience:yes:v1', 'once:pass:v1', 'hello:sent:v1', 'w7:waiting:v1', 'w7:moved:v1',
    'w7:waiting:v2', 'w7:waited:v2', 'bought:no:v2', 'gift:granted:v2', 'offer:sent:v2', 'w12:waiting:v2',
  ]);
  // The path on v1 ends where it left; the path on v2 starts at the node it arrived at.
  const pathOn = (version: number) => detail.path.filter((p) => p.version === version).map((p) => `${p.nodeId}:${p.port ?? '·'}`);
  expect(pathOn(1)).toEqual(['start:out', 'audience:yes', 'once:pass', 'hello:out', 'w7:·']);
  expect(pathOn(2)).toEqual(['w7:out', 'bought:no', 'gift:out', 'offer:out']);
});

it('a run that never moved answers as before, its steps without a version read as its own', async () => {
  const detail = answer(await support.get('/api/runs/run-boris'), RunDetail);
  expect(detail.run).toMatchObject({ version: 1, currentVersion: 1, movedTo: [] });
  expect(detail.versions.map((v) => v.version)).toEqual([1]);
  expect(detail.moves).toEqual([]);
  expect(detail.document.nodes.find((n) => n.id === 'w7')?.config).toEqual({ days: 7 });
  expect(detail.timezone).toBe('Europe/Moscow');
  expect(new Set(detail.steps.map((s) => s.version))).toEqual(new Set([1]));
  expect(detail.path.map((p) => `${p.nodeId}@v${p.version}`)).toEqual(['start@v1', 'audience@v1', 'once@v1', 'hello@v1']);
});

it('the customer card says "v1 → v2" and names the current node as v2 has it; a run the plan took out stays on v1', async () => {
  const anna = answer(await support.get('/api/customers/anna'), CustomerCard);
  expect(anna.runs).toMatchObject([{ id: 'run-anna', version: 1, currentVersion: 2, movedTo: [2], currentNodeId: 'w12', currentNode: { type: 'wait', label: 'Ждать 10 дн.' } }]);
  const vera = answer(await support.get('/api/customers/vera'), CustomerCard);
  expect(vera.runs).toMatchObject([{ id: 'run-vera', version: 1, currentVersion: 1, movedTo: [], status: 'exited', endReason: expect.stringContaining('при переходе на v2') }]);
  const veraRun = answer(await support.get('/api/runs/run-vera'), RunDetail);
  expect(veraRun.versions.map((v) => v.version)).toEqual([1]);
  expect(veraRun.steps.at(-1)).toMatchObject({ nodeId: 'w7', outcome: 'exited', version: 1 });
});

it('the runs list and its export carry the version each run executes now', async () => {
  const runs = `/api/runs?scenarioId=${SCENARIO_ID}`;
  const page = answer(await support.get(runs), RunPage);
  expect(Object.fromEntries(page.items.map((r) => [r.customerId, [r.version, r.currentVersion, r.movedTo]]))).toEqual({ anna: [1, 2, [2]], boris: [1, 1, []], vera: [1, 1, []] });
  expect(answer(await support.get(`${runs}&nodeId=w12`), RunPage).items.map((r) => r.customerId)).toEqual(['anna']);
  const csv = await support.get(`${runs}&format=csv`);
  const [head, ...lines] = (csv.body as string).replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(';'));
  const column = head.indexOf('Версия сейчас');
  expect(column).toBeGreaterThan(head.indexOf('Версия'));
  expect(Object.fromEntries(lines.map((l) => [l[0], [l[column - 1], l[column]]]))).toEqual({ anna: ['1', '2'], boris: ['1', '1'], vera: ['1', '1'] });
});
