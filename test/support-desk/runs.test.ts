import { afterAll, beforeAll, expect, it } from 'vitest';
import { compileScenario } from '../../shared/scenario/compile';
import { mindboxReactivation } from '../../shared/scenario/examples/mindboxReactivation';
import type { Plan } from '../../shared/scenario/plan';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import type { customerRun } from '../../workflows/customerRun';
import { runWorkflowId } from '../../workflows/ids';
import { SANDBOX_CHANNELS } from '../../server/simulate/run';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { startWorker, type RunningWorker } from '../../server/worker/start';
import { customer, order, startRuntimeHarness, type RuntimeHarness } from '../runtime/harness';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';

/**
 * Support acting on live runs through the HTTP API, against real PostgreSQL and Temporal's time-skipping server
 * with the production worker: what the API answers must be what the workflow really did.
 */

const TASK_QUEUE = 'support-desk';
const SCENARIO_ID = '55555555-5555-4555-8555-555555555555';
const LISTED_SCENARIO_ID = '66666666-6666-4666-8666-666666666666';
let h: RuntimeHarness;
let worker: RunningWorker;
let api: TestApi;
let support: SignedInClient;
let analyst: SignedInClient;
let plan: Plan;

beforeAll(async () => {
  h = await startRuntimeHarness();
  worker = await startWorker({ sql: h.db.sql, connection: h.env.nativeConnection, namespace: 'default', taskQueue: TASK_QUEUE, channels: SANDBOX_CHANNELS });
  api = await startTestApi({ db: h.db, deps: { temporal: { client: h.env.client, namespace: 'default', taskQueue: TASK_QUEUE, uiUrl: 'http://temporal.example:8233/' } } });
  support = await api.loginAs('support');
  analyst = await api.loginAs('analyst');
  const doc = ScenarioDocumentSchema.parse(mindboxReactivation);
  plan = compileScenario(doc, { scenarioId: SCENARIO_ID, version: 1 });
  // Noon in Moscow, outside the example's quiet hours (21:00–09:00), whatever the machine's clock says: each run's
  // first message goes out at once and the run reaches its first wait.
  const noon = await h.clockTo('12:00', doc.settings.timezone);
  await storePublishedScenario(h.db.sql, doc, plan, noon);
  await h.customers([
    customer('anna', { name: 'Анна Иванова', phone: '8 (912) 345-67-89', subscriptions: { email: true, sms: true, telegram: false, push: false } }),
    customer('boris', { name: 'Борис Петров' }),
  ]);
  await h.orders([order('a1', 'anna', '2025-08-01T12:00:00+03:00'), order('b1', 'boris', '2025-08-02T12:00:00+03:00')]);
});

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await h?.stop();
});

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Enters the customer and returns the Temporal run id once the run waits at its first timer. */
async function enter(customerId: string, into: Plan = plan): Promise<string> {
  const handle = await h.env.client.workflow.start<typeof customerRun>('customerRun', {
    workflowId: runWorkflowId(into.scenarioId, customerId),
    taskQueue: TASK_QUEUE,
    args: [{ plan: into, customerId, enteredAt: new Date(await h.env.currentTimeMs()).toISOString() }],
  });
  await until(() => h.db.sql`SELECT current_node_id FROM runs WHERE id = ${handle.firstExecutionRunId}`, (rows) => rows[0]?.current_node_id === 'w7');
  // The journal can run ahead of the durable history when a workflow task fails under load and is retried; wait until
  // the timer is in the history, so a signal sent now meets the run at its wait.
  await until(() => handle.fetchHistory(), (history) => (history.events ?? []).some((e) => e.timerStartedEventAttributes));
  return handle.firstExecutionRunId;
}

const detail = (runId: string) => support.get(`/api/runs/${encodeURIComponent(runId)}`);
const auditOf = (entity: string) => h.db.sql<{ action: string; user_id: number }[]>`SELECT action, user_id FROM audit_log WHERE entity = ${entity} ORDER BY id`;

it('support finds the customer, cuts the wait short and the next step really happens; an unsubscribe is respected by the live run', async () => {
  const runId = await enter('anna');

  for (const q of ['иван', 'Анна Ив', '8 912 345', '+7 (912) 345-67-89', 'anna@exam', 'anna']) {
    const found = await support.get(`/api/customers?q=${encodeURIComponent(q)}`);
    expect(found.status, q).toBe(200);
    expect(found.body.items.map((c: { id: string }) => c.id), q).toEqual(['anna']);
  }
  const card = await support.get('/api/customers/anna');
  expect(card.body.runs).toMatchObject([{ id: runId, scenarioName: mindboxReactivation.name, version: 1, status: 'running', currentNodeId: 'w7', currentNode: { type: 'wait', label: null } }]);
  expect(card.body.messages).toMatchObject([{ channel: 'email', status: 'sandbox', nodeId: 'hello', text: 'Анна Иванова, давно не виделись!' }]);

  const before = await detail(runId);
  expect(before.status).toBe(200);
  expect(before.body).toMatchObject({ source: 'workflow', currentNodeId: 'w7', document: { name: mindboxReactivation.name } });
  expect(before.body.nextWakeAt).not.toBeNull();
  expect(before.body.path.map((p: { nodeId: string }) => p.nodeId)).toEqual(['start', 'audience', 'once', 'hello']);
  expect(before.body.temporalUrl).toBe(`http://temporal.example:8233/namespaces/default/workflows/${encodeURIComponent(runWorkflowId(SCENARIO_ID, 'anna'))}/${runId}`);

  // Analysts read runs but never act on them.
  expect((await analyst.get(`/api/runs/${runId}`)).status).toBe(200);
  for (const action of ['exit', 'skip-wait', 'convert']) expect((await analyst.post(`/api/runs/${runId}/${action}`, {})).status).toBe(403);

  expect((await support.post(`/api/runs/${runId}/skip-wait`, {})).status).toBe(200);
  const atSecondWait = await until(() => detail(runId), (r) => r.body.currentNodeId === 'w12');
  expect(atSecondWait.body.steps.find((s: { nodeId: string; outcome: string }) => s.nodeId === 'w7' && s.outcome === 'skipped').reason).toBe('ожидание прервано сотрудником');
  expect(atSecondWait.body.steps.some((s: { nodeId: string; outcome: string }) => s.nodeId === 'offer' && s.outcome === 'sent')).toBe(true);
  expect((await auditOf(`run:${runId}`)).map((a) => [a.action, a.user_id])).toEqual([['run.skip_wait', support.user.id]]);

  // Consent withdrawn while the run waits: the reminder that follows is not sent.
  expect((await support.post('/api/customers/anna/unsubscribe', { channel: 'email' })).body).toEqual({ channel: 'email', changed: true });
  expect((await auditOf('customer:anna')).map((a) => a.action)).toEqual(['customer.unsubscribe']);
  expect((await support.post(`/api/runs/${runId}/skip-wait`, {})).status).toBe(200);
  const ended = await until(() => detail(runId), (r) => r.body.run.status !== 'running');
  expect(ended.body.run.status).toBe('completed');
  expect(ended.body.steps.find((s: { nodeId: string }) => s.nodeId === 'remind')).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('нет согласия') });
  const [{ n }] = await h.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM messages WHERE customer_id = 'anna' AND node_id = 'remind'`;
  expect(n).toBe(0);

  const late = await support.post(`/api/runs/${runId}/exit`, {});
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('run_ended');
});

it('exit really ends the workflow, journaled with who did it and why, and audited', async () => {
  const runId = await enter('boris');
  const res = await support.post(`/api/runs/${runId}/exit`, { reason: 'попросил не писать' });
  expect(res.status).toBe(200);
  // The row keeps the node the run ended at.
  expect(res.body.run).toMatchObject({ status: 'exited', currentNodeId: 'w7', endReason: expect.stringContaining('попросил не писать') });
  const description = await h.env.client.workflow.getHandle(runWorkflowId(SCENARIO_ID, 'boris'), runId).describe();
  expect(description.status.name).toBe('COMPLETED');
  const after = await detail(runId);
  expect(after.body).toMatchObject({ source: 'table', nextWakeAt: null });
  expect(after.body.steps.at(-1)).toMatchObject({ nodeId: 'w7', outcome: 'exited', reason: `выведен из сценария (${support.user.name} (поддержка)): попросил не писать` });
  expect(await auditOf(`run:${runId}`)).toEqual([{ action: 'run.exit', user_id: support.user.id }]);
  expect((await support.post(`/api/runs/${runId}/convert`, {})).status).toBe(409);
});

it('lists a scenario’s runs with filters and keyset pages', async () => {
  // Its own scenario and customers: one run taken out by support, one still waiting at its first wait.
  const doc = ScenarioDocumentSchema.parse(mindboxReactivation);
  const listed = compileScenario(doc, { scenarioId: LISTED_SCENARIO_ID, version: 1 });
  await storePublishedScenario(h.db.sql, doc, listed, new Date(await h.env.currentTimeMs()));
  await h.customers([customer('vera', { name: 'Вера Смирнова' }), customer('gleb', { name: 'Глеб Орлов' })]);
  await h.orders([order('v1', 'vera', '2025-08-03T12:00:00+03:00'), order('g1', 'gleb', '2025-08-04T12:00:00+03:00')]);
  // Vera is taken out before Gleb enters: the exit waits for her workflow to end, and while a client waits on the
  // time-skipping server its clock jumps to the next timer, which would carry Gleb past his wait.
  const vera = await enter('vera', listed);
  expect((await support.post(`/api/runs/${vera}/exit`, {})).status).toBe(200);
  await enter('gleb', listed);

  const runs = `/api/runs?scenarioId=${LISTED_SCENARIO_ID}`;
  const all = await support.get(runs);
  expect(all.body.items.map((r: { customerId: string }) => r.customerId).sort()).toEqual(['gleb', 'vera']);
  const first = await support.get(`${runs}&limit=1`);
  const second = await support.get(`${runs}&limit=1&cursor=${first.body.nextCursor}`);
  expect([...first.body.items, ...second.body.items].map((r: { id: string }) => r.id)).toEqual(all.body.items.map((r: { id: string }) => r.id));
  expect(second.body.nextCursor).toBeNull();
  const customersOf = async (query: string) => (await support.get(`${runs}&${query}`)).body.items.map((r: { customerId: string }) => r.customerId);
  expect(await customersOf('status=exited')).toEqual(['vera']);
  expect(await customersOf('status=running')).toEqual(['gleb']);
  expect((await customersOf('nodeId=w7')).sort()).toEqual(['gleb', 'vera']);
  expect(await customersOf('nodeId=w12')).toEqual([]);
  expect(await customersOf('enteredTo=2020-01-01')).toEqual([]);
  expect((await support.get(`${runs}&cursor=nonsense`)).status).toBe(400);

  const csv = await support.get(`${runs}&status=exited&format=csv`);
  expect(csv.headers.get('content-type')).toContain('text/csv');
  const lines = (csv.body as string).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  expect(lines[0].split(';').slice(0, 3)).toEqual(['ID клиента', 'Клиент', 'Статус']);
  expect(lines.slice(1).map((l) => l.split(';').slice(0, 3))).toEqual([['vera', 'Вера Смирнова', 'выведен']]);
  const xlsx = await support.get(`${runs}&format=xlsx`);
  expect(xlsx.status).toBe(200);
  expect(xlsx.headers.get('content-disposition')).toContain('.xlsx');
});

it('support cannot edit scenarios', async () => {
  const res = await support.post('/api/scenarios', { ...mindboxReactivation, name: 'Чужой сценарий' });
  expect(res.status).toBe(403);
});
