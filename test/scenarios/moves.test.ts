import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mindboxReactivation } from '../../shared/scenario/examples/mindboxReactivation';
import type { ScenarioDocumentInput } from '../../shared/scenario/schema';
import { startTemporalDevServer, type DevServer } from '../../server/infra/temporalDev';
import { upsertCustomers } from '../../server/ingest/customers';
import { ingestOrders } from '../../server/ingest/orders';
import { deliverRunMoves } from '../../server/moves/deliver';
import { SANDBOX_CHANNELS } from '../../server/simulate/run';
import { reconcileRuns } from '../../server/temporal/reconcile';
import { createScenarioRuntime, type TemporalScenarioRuntime } from '../../server/temporal/scenarioRuntime';
import { startWorker, type RunningWorker } from '../../server/worker/start';
import { skipWait } from '../../workflows/signals';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';
import { until } from '../support/until';

// The issue's own test: 200 customers in the seed-003 chain on a real Temporal server, half waiting at w7 and half
// at w12; version 2 drops w12 and rewords the offer; the plan moves w7 and takes w12 out. Every run must do exactly
// what the plan says, nothing may be sent twice, and the planner's counts must be what happened.

const TASK_QUEUE = 'comeback-moves-test';
const CUSTOMERS = 200;
const DAY = 86_400_000;

let temporal: DevServer;
let connection: Connection;
let client: Client;
let workerConnection: NativeConnection;
let worker: RunningWorker;
let api: TestApi;
let marketer: SignedInClient;
let runtime: TemporalScenarioRuntime;

beforeAll(async () => {
  temporal = await startTemporalDevServer({ dataDir: null, headless: true, log: () => {} });
  connection = await Connection.connect({ address: temporal.address });
  client = new Client({ connection, namespace: 'default' });
  api = await startTestApi();
  runtime = createScenarioRuntime({ client, sql: api.sql, taskQueue: TASK_QUEUE });
  api.deps.runtime = runtime;
  workerConnection = await NativeConnection.connect({ address: temporal.address });
  worker = await startWorker({ sql: api.sql, connection: workerConnection, namespace: 'default', taskQueue: TASK_QUEUE, channels: SANDBOX_CHANNELS });
  marketer = await api.loginAs('marketer');
}, 300_000);
afterAll(async () => {
  await worker?.stop();
  await workerConnection?.close();
  await api?.stop();
  await connection?.close();
  await temporal?.stop();
});

/** Seed 003 without its quiet hours: a real clock at night would hold the first message till morning. */
function chain(): ScenarioDocumentInput {
  const doc = structuredClone(mindboxReactivation) as ScenarioDocumentInput & { settings: Record<string, unknown> };
  delete doc.settings.quietHours;
  return doc;
}

/** Version 2: w12 is gone (the offer leads straight to the reminder) and the offer says something else. */
function chainWithoutW12(): ScenarioDocumentInput {
  const doc = chain();
  doc.nodes = doc.nodes.filter((n) => n.id !== 'w12').map((n) => (n.id === 'offer' ? ({ ...n, config: { ...n.config, text: 'Новое предложение: {{ bonus.points }} баллов ваши' } } as typeof n) : n));
  doc.edges = doc.edges.filter((e) => e.from !== 'w12' && e.to !== 'w12').concat({ from: 'offer', port: 'out', to: 'remind' });
  return doc;
}

type RunRow = { id: string; workflow_id: string; customer_id: string; status: string; current_node_id: string | null; next_wake_at: Date | null; plan_version: number | null; leg: number; end_reason: string | null };
const runsOf = (scenarioId: string) =>
  api.sql<RunRow[]>`SELECT id, workflow_id, customer_id, status, current_node_id, next_wake_at, plan_version, leg, end_reason FROM runs WHERE scenario_id = ${scenarioId} ORDER BY customer_id`;
const atNode = async (scenarioId: string, nodeId: string) => (await runsOf(scenarioId)).filter((r) => r.status === 'running' && r.current_node_id === nodeId);

it('moves 100 runs from v1 w7 to v2 w7 and takes 100 out of w12, as planned and previewed, sending nothing twice', async () => {
  const now = Date.now();
  const ids = Array.from({ length: CUSTOMERS }, (_, i) => `mv-${String(i).padStart(3, '0')}`);
  await upsertCustomers(
    api.sql,
    ids.map((id) => ({ id, name: `Клиент ${id}`, email: `${id}@example.ru`, registeredAt: new Date(now - 400 * DAY).toISOString(), subscriptions: { email: true } })),
  );
  await ingestOrders(
    api.sql,
    ids.map((id) => ({ id: `o-${id}`, customerId: id, amount: 900, placedAt: new Date(now - 200 * DAY).toISOString() })),
  );

  const { body: draft } = await marketer.post('/api/scenarios', chain());
  expect((await marketer.post(`/api/scenarios/${draft.id}/publish`)).body.version).toBe(1);
  const enrolled = await runtime.enrolNow(draft.id);
  expect(enrolled.started).toBe(CUSTOMERS);
  await until('200 runs waiting at w7', async () => (await atNode(draft.id, 'w7')).length === CUSTOMERS, 120_000, 200);

  // Half of them move on to w12 (support cuts their first wait short): bonus, offer, then the 12-day wait.
  const ahead = (await runsOf(draft.id)).slice(0, CUSTOMERS / 2);
  for (const run of ahead) await client.workflow.getHandle(run.workflow_id).signal(skipWait, { by: 'test' });
  await until('100 runs waiting at w12', async () => (await atNode(draft.id, 'w12')).length === CUSTOMERS / 2, 120_000, 200);
  const wakesBefore = new Map((await atNode(draft.id, 'w7')).map((r) => [r.customer_id, r.next_wake_at!.getTime()]));

  expect((await marketer.put(`/api/scenarios/${draft.id}`, { document: chainWithoutW12(), baseRevision: 1 })).status).toBe(200);
  expect((await marketer.post(`/api/scenarios/${draft.id}/publish`, { draftRevision: 2 })).body.version).toBe(2);

  // The planner: v1 holds 100 runs at each wait; w7 would move to v2's w7 by default, w12 has no counterpart.
  const planner = (await marketer.get(`/api/scenarios/${draft.id}/moves`)).body;
  expect(planner.toVersion).toBe(2);
  expect(planner.versions).toHaveLength(1);
  const nodes = Object.fromEntries(planner.versions[0].nodes.map((n: { id: string }) => [n.id, n]));
  expect(Object.keys(nodes).sort()).toEqual(['w12', 'w7']);
  expect(nodes.w7).toMatchObject({ runs: 100, suggested: 'w7' });
  expect(nodes.w12).toMatchObject({ runs: 100, suggested: null });
  // Runs at w7 have no bonus yet: v2's reminder (no grant before it from there) is refused, with the reason.
  expect(nodes.w7.refused.find((r: { nodeId: string }) => r.nodeId === 'remind')?.why.ru).toContain('бонус');
  expect(nodes.w7.refused.map((r: { nodeId: string }) => r.nodeId)).toEqual(expect.arrayContaining(['start', 'audience', 'once']));

  const choices = { '1': { w7: { action: 'move', to: 'w7' }, w12: { action: 'exit' } } };
  // A refused move is named, with every problem, and nothing is applied.
  const wrong = await marketer.post(`/api/scenarios/${draft.id}/moves`, { choices: { '1': { w7: { action: 'move', to: 'remind' }, w12: { action: 'move', to: 'nowhere' } } } });
  expect(wrong.status).toBe(422);
  expect(wrong.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['1.w12', '1.w7']);

  // The dry run: 30 days ahead, stay vs plan, over the real runs. Stay: w7 runs get the offer and, 12 days later,
  // the reminder; w12 runs the reminder. Plan: w7 runs get the new offer and the reminder at once; w12 runs nothing.
  const preview = (await marketer.post(`/api/scenarios/${draft.id}/moves/preview`, { choices })).body;
  expect(preview).toMatchObject({ runs: CUSTOMERS, changed: CUSTOMERS, horizonDays: 30 });
  expect(preview.stay).toMatchObject({ messages: { email: 300 }, points: 100 * 300, exits: 0 });
  expect(preview.plan).toMatchObject({ messages: { email: 200 }, points: 100 * 300, exits: 100 });
  expect(await api.sql`SELECT 1 FROM run_moves`).toHaveLength(0);

  const applied = await marketer.post(`/api/scenarios/${draft.id}/moves`, { choices });
  expect(applied.status).toBe(201);
  expect(applied.body.expected).toEqual({ '1': { w7: 100, w12: 100 } });
  const delivery = await deliverRunMoves(api.sql, client, { planId: applied.body.id });
  expect(delivery).toMatchObject({ signalled: CUSTOMERS, failed: 0 });

  const progress = await until('every run to answer the plan', async () => {
    const p = (await marketer.get(`/api/scenarios/${draft.id}/moves/${applied.body.id}`)).body;
    return p.counts.moved + p.counts.exited === CUSTOMERS ? p : null;
  }, 120_000, 200);
  // What the planner counted is what happened.
  expect(progress.counts).toEqual({ pending: 0, signalled: 0, moved: 100, exited: 100, stayed: 0, finished: 0, superseded: 0 });

  // A run answers "exited" at its safe point, then closes its row.
  const after = await until('the exited runs to close', async () => {
    const rows = await runsOf(draft.id);
    return rows.filter((r) => r.status === 'exited').length === 100 ? rows : null;
  });
  const exited = after.filter((r) => r.status === 'exited');
  expect(exited.map((r) => r.customer_id)).toEqual(ahead.map((r) => r.customer_id));
  expect(exited[0].end_reason).toMatch(/^выведен из сценария при переходе на v2: шаг v1 «Ждать 12 дн\.» \(Test marketer \d+\)$/);
  // A moved run continues as new on v2 and starts its wait there again.
  const moved = await until('the moved runs to wait on v2', async () => {
    const rows = (await runsOf(draft.id)).filter((r) => r.status === 'running');
    return rows.every((r) => r.next_wake_at !== null) ? rows : null;
  });
  expect(moved).toHaveLength(100);
  for (const run of moved) {
    expect(run).toMatchObject({ plan_version: 2, leg: 1, current_node_id: 'w7' });
    // The wait counts from when the run began waiting on v1, not from the move.
    expect(run.next_wake_at!.getTime()).toBe(wakesBefore.get(run.customer_id));
  }
  const journal = await api.sql<{ reason: string; version: number }[]>`
    SELECT s.reason, s.version FROM run_steps s WHERE s.run_id = ${moved[0].id} AND s.outcome = 'moved'`;
  expect(journal).toEqual([{ reason: `перенесён с v1 «Ждать 7 дн.» на v2 «Ждать 7 дн.» (${marketer.user.name})`, version: 1 }]);
  const [audited] = await api.sql<{ details: { runs: unknown } }[]>`SELECT details FROM audit_log WHERE action = 'scenario.moveRuns'`;
  expect(audited.details.runs).toEqual({ '1': { w7: 100, w12: 100 } });

  // The reconciler follows each moved run into its new execution and leaves it running.
  expect(await reconcileRuns(api.sql, client, { minAgeSeconds: 0 })).toMatchObject({ checked: 100, repaired: 0 });

  // The moved runs go on along v2 (support cuts their wait short): the new offer and the reminder, once each.
  for (const run of moved) await client.workflow.getHandle(run.workflow_id).signal(skipWait, { by: 'test' });
  await until('the moved runs to finish v2', async () => (await runsOf(draft.id)).every((r) => r.status !== 'running'), 120_000, 200);

  const messages = await api.sql<{ customer_id: string; node_id: string; text: string }[]>`
    SELECT customer_id, node_id, text FROM messages WHERE scenario_id = ${draft.id} ORDER BY customer_id, id`;
  const byCustomer = new Map<string, string[]>();
  for (const m of messages) byCustomer.set(m.customer_id, [...(byCustomer.get(m.customer_id) ?? []), m.node_id]);
  for (const run of exited) expect(byCustomer.get(run.customer_id), run.customer_id).toEqual(['hello', 'offer']);
  for (const run of moved) expect(byCustomer.get(run.customer_id), run.customer_id).toEqual(['hello', 'offer', 'remind']);
  const offers = messages.filter((m) => m.node_id === 'offer');
  expect(offers.filter((m) => m.text.startsWith('Дарим 300 баллов'))).toHaveLength(100);
  expect(offers.filter((m) => m.text.startsWith('Новое предложение: 300 баллов'))).toHaveLength(100);
  const grants = await api.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM bonus_ledger WHERE kind = 'grant' AND run_id IN (SELECT id FROM runs WHERE scenario_id = ${draft.id})`;
  expect(grants[0].n).toBe(CUSTOMERS);
  expect((await runsOf(draft.id)).filter((r) => r.status === 'completed')).toHaveLength(100);
}, 600_000);
