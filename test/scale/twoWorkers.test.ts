import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachConcurrently } from '../../server/infra/concurrently';
import { startTemporalDevServer, type DevServer } from '../../server/infra/temporalDev';
import { createScenarioRuntime, type TemporalScenarioRuntime } from '../../server/temporal/scenarioRuntime';
import { runWorkflowId } from '../../workflows/ids';
import { startFakeSmtp, type FakeSmtp } from '../fakes/smtp';
import { startTestApi, type TestApi } from '../support/api';
import { startTestDatabase, type TestDatabase } from '../support/postgres';
import { until } from '../support/until';
import { spawnWorkerProcess } from '../support/workerProcess';

// How Comeback scales past one machine (README, "How it scales past one machine"): an API process with WORKER=false
// and two `npm run worker` processes, all against the same PostgreSQL and Temporal. The test process holds no worker
// at all, so every workflow task and every activity — the audience evaluation as well as the customer runs — is
// executed by one of the two child processes. 2,000 customers enter a published scenario; every run must complete,
// both workers must have done a real share of the work (read from each run's Temporal history, where every task
// names the worker that did it), and every customer must get exactly one email at the SMTP server: splitting the
// work between machines loses nothing and doubles nothing.

const RUNS = 2_000;
const TASK_QUEUE = 'two-workers';
/** Temporal balances tasks between pollers, but not evenly: a worker must do at least this share to count as working. */
const MIN_SHARE = 0.1;

// One letter and the end: the runs are short, so 2,000 of them fit in a few minutes on two cores. No quiet hours, so
// nothing depends on the time of day. The frequency limit lets each customer in once: should the daily schedule fire
// while the test runs, it enrols nobody a second time.
const document = {
  format: 'scenario/v1',
  name: 'Два воркера: одно письмо',
  settings: { timezone: 'Europe/Moscow' },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
    { id: 'audience', type: 'filter', config: { condition: { field: 'subscribed.email', op: 'eq', value: true } } },
    { id: 'once', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 180 } },
    { id: 'hello', type: 'send', config: { channel: 'email', subject: 'Мы скучаем', text: '{{ customer.name }}, давно не виделись!' } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'once' },
    { from: 'once', port: 'pass', to: 'hello' },
  ],
};

let dev: DevServer;
let db: TestDatabase;
let smtp: FakeSmtp;
let connection: Connection;
let client: Client;
let runtime: TemporalScenarioRuntime;
let api: TestApi;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  [dev, db, smtp] = await Promise.all([startTemporalDevServer({ dataDir: null, headless: true, log: () => {} }), startTestDatabase(), startFakeSmtp()]);
  connection = await Connection.connect({ address: dev.address });
  client = new Client({ connection });
  runtime = createScenarioRuntime({ client, sql: db.sql, taskQueue: TASK_QUEUE });
  // The API as `WORKER=false npm start` runs it: Temporal client and scenario runtime, no worker in this process.
  api = await startTestApi({
    db,
    env: { WORKER: 'false', TEMPORAL_TASK_QUEUE: TASK_QUEUE },
    deps: { temporal: { client, namespace: 'default', taskQueue: TASK_QUEUE, uiUrl: null }, runtime },
  });
}, 180_000);
afterAll(async () => {
  // SIGTERM, as a process manager stops a worker: it finishes what it holds and says goodbye to Temporal.
  await Promise.all(
    workers.map(async (w) => {
      if (w.exitCode !== null || w.signalCode !== null) return;
      const exited = once(w, 'exit');
      w.kill('SIGTERM');
      const timer = setTimeout(() => w.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }),
  );
  await api?.stop();
  await connection?.close();
  await dev?.stop();
  await smtp?.stop();
  await db?.stop();
});

const count = async (query: Promise<{ n: number }[]>) => (await query)[0].n;
const share = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;

/** The identities polling the task queue for workflow tasks and for activity tasks. */
async function pollers(): Promise<{ workflow: string[]; activity: string[] }> {
  const { TaskQueueType } = proto.temporal.api.enums.v1;
  const describe = async (taskQueueType: number) =>
    ((await client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: TASK_QUEUE }, taskQueueType })).pollers ?? []).map((p) => p.identity ?? '');
  return { workflow: await describe(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW), activity: await describe(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY) };
}

/** Who did what in one workflow: the worker of each completed workflow task and of each activity, by activity type. */
interface WhoDidWhat {
  workflowTasks: string[];
  activities: { type: string; identity: string; attempt: number; lastFailure: string | null }[];
  completed: boolean;
}

async function whoDidWhat(workflowId: string): Promise<WhoDidWhat> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const typeOf = new Map<string, string>();
  const result: WhoDidWhat = { workflowTasks: [], activities: [], completed: false };
  for (const e of events) {
    if (e.activityTaskScheduledEventAttributes) typeOf.set(String(e.eventId), e.activityTaskScheduledEventAttributes.activityType?.name ?? '?');
    if (e.workflowTaskCompletedEventAttributes) result.workflowTasks.push(e.workflowTaskCompletedEventAttributes.identity ?? '');
    const started = e.activityTaskStartedEventAttributes;
    if (started) {
      const lastFailure = started.lastFailure ? (started.lastFailure.message ?? '?') : null;
      result.activities.push({ type: typeOf.get(String(started.scheduledEventId)) ?? '?', identity: started.identity ?? '', attempt: started.attempt ?? 0, lastFailure });
    }
    if (e.workflowExecutionCompletedEventAttributes) result.completed = true;
  }
  return result;
}

describe('scaling past one machine', () => {
  it(`an API with WORKER=false and two worker processes: ${RUNS} runs complete, both workers execute a share, every customer gets one letter`, { timeout: 840_000 }, async () => {
    // Two machines' worth of `npm run worker`; their default Temporal identity is `<pid>@<host>`.
    for (let i = 0; i < 2; i++) {
      workers.push(spawnWorkerProcess({ databaseUrl: db.url, temporalAddress: dev.address, taskQueue: TASK_QUEUE, smtpUrl: smtp.url, channelTimeoutMs: 15_000 }));
    }
    const identities = workers.map((w) => `${w.pid}@${hostname()}`);
    const exits: string[] = [];
    workers.forEach((w, i) => w.on('exit', (code, signal) => exits.push(`worker ${identities[i]} exited (${signal ?? code})`)));
    // Enrolment waits for both: a worker that is still bundling its workflow code would leave all the work to the other.
    await until(
      () => `both workers polling ${TASK_QUEUE}${exits.length ? `; ${exits.join('; ')}` : ''}`,
      async () => {
        if (exits.length) throw new Error(exits.join('; '));
        const { workflow, activity } = await pollers();
        return identities.every((id) => workflow.includes(id) && activity.includes(id));
      },
      120_000,
      250,
    );
    // The API process runs no worker, and says so.
    const health = await api.get('/api/health');
    expect(health.body.checks.worker.status).toBe('external');

    // An integration loads the customers, a marketer publishes the scenario, as they would through the API.
    const ids = Array.from({ length: RUNS }, (_, i) => `s${String(i).padStart(4, '0')}`);
    const integration = await api.withToken(['ingest']);
    const loaded = await integration.post('/api/customers', ids.map((id) => ({ id, name: `Клиент ${id}`, registeredAt: '2024-01-10T12:00:00+03:00', email: `${id}@example.ru`, subscriptions: { email: true } })));
    expect(loaded.status).toBe(200);
    expect(loaded.body.summary.accepted).toBe(RUNS);
    const marketer = await api.loginAs('marketer');
    const { body: draft } = await marketer.post('/api/scenarios', document);
    const published = await marketer.post(`/api/scenarios/${draft.id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const scenarioId: string = draft.id;

    // Enrol now rather than at the next daily firing: the same audience workflow the schedule starts, on the same
    // task queue, so one of the workers evaluates the audience and starts the runs.
    const startedAt = Date.now();
    const totals = await runtime.enrolNow(scenarioId);
    expect(totals).toEqual({ selected: RUNS, started: RUNS, alreadyRunning: 0, skipped: 0 });
    const enrolledIn = Math.round((Date.now() - startedAt) / 1000);
    const completed = () => count(db.sql`SELECT count(*)::int AS n FROM runs WHERE scenario_id = ${scenarioId} AND status = 'completed'`);
    let done = 0;
    await until(
      () => `${RUNS} runs to complete (${done} so far, ${smtp.received.length} letters accepted)${exits.length ? `; ${exits.join('; ')}` : ''}`,
      async () => (done = await completed()) === RUNS,
      540_000,
      500,
    );
    const seconds = Math.round((Date.now() - startedAt) / 1000);
    // Both workers lived through it: the work was shared, not handed over after a crash.
    expect(exits).toEqual([]);

    // Who did what, from Temporal's own record: every customer run's history, and the audience evaluation's.
    const readingSince = Date.now();
    const histories = new Map<string, WhoDidWhat>();
    await forEachConcurrently(ids, 16, async (id) => {
      histories.set(id, await whoDidWhat(runWorkflowId(scenarioId, id)));
    });
    const audience = await whoDidWhat(`audience:${scenarioId}:now`);
    const readIn = Math.round((Date.now() - readingSince) / 1000);
    const runs = [...histories.values()];
    expect(runs.filter((r) => !r.completed)).toEqual([]);
    const everyone = new Set([...runs, audience].flatMap((r) => [...r.workflowTasks, ...r.activities.map((a) => a.identity)]));
    expect([...everyone].sort()).toEqual([...identities].sort());

    // Each customer's letter was one activity of its run, executed by one of the two workers.
    const sends = runs.flatMap((r) => r.activities.filter((a) => a.type === 'sendMessage'));
    expect(runs.filter((r) => r.activities.filter((a) => a.type === 'sendMessage').length !== 1)).toEqual([]);
    const workflowTasks = runs.flatMap((r) => r.workflowTasks);
    const by = (identity: string) => ({
      identity,
      runs: runs.filter((r) => r.workflowTasks.includes(identity)).length,
      workflowTasks: workflowTasks.filter((w) => w === identity).length,
      sends: sends.filter((a) => a.identity === identity).length,
    });
    const split = identities.map(by);
    const retried = sends.filter((a) => a.attempt > 1);
    const claimedTwice = await count(db.sql`SELECT count(*)::int AS n FROM messages WHERE scenario_id = ${scenarioId} AND attempts > 1`);
    console.log(
      `[two workers] ${RUNS} runs enrolled in ${enrolledIn} s, completed ${seconds} s after enrolment began, histories read in ${readIn} s; ` +
        split.map((w) => `${w.identity}: ${w.runs} runs (${share(w.runs, RUNS)}), ${w.workflowTasks} workflow tasks (${share(w.workflowTasks, workflowTasks.length)}), ${w.sends} sends (${share(w.sends, sends.length)})`).join('; ') +
        `; ${retried.length} sends retried${retried.length ? ` (${[...new Set(retried.map((a) => a.lastFailure))].join('; ')}, ${claimedTwice} of them past the outbox claim)` : ''}; audience evaluated by ${[...new Set(audience.workflowTasks)].join(', ')}`,
    );
    for (const w of split) {
      expect(w.workflowTasks, `${w.identity}'s share of workflow tasks`).toBeGreaterThanOrEqual(workflowTasks.length * MIN_SHARE);
      expect(w.sends, `${w.identity}'s share of sends`).toBeGreaterThanOrEqual(sends.length * MIN_SHARE);
    }

    // What the customers got, counted at the SMTP server: every customer exactly one letter, nobody else any.
    const letters = new Map<string, number>();
    for (const mail of smtp.received) for (const to of mail.envelope.to) letters.set(to, (letters.get(to) ?? 0) + 1);
    expect([...letters].filter(([, n]) => n !== 1).map(([to, n]) => `${to} ×${n}`)).toEqual([]);
    expect([...letters.keys()].sort()).toEqual(ids.map((id) => `${id}@example.ru`));
    expect(smtp.received).toHaveLength(RUNS);

    // The database agrees: one completed run and one sent message per customer.
    const perCustomer = await db.sql<{ id: string; runs: number; completed: number; messages: number; sent: number }[]>`
      SELECT c.id,
             (SELECT count(*)::int FROM runs r WHERE r.customer_id = c.id AND r.scenario_id = ${scenarioId}) AS runs,
             (SELECT count(*)::int FROM runs r WHERE r.customer_id = c.id AND r.scenario_id = ${scenarioId} AND r.status = 'completed') AS completed,
             (SELECT count(*)::int FROM messages m WHERE m.customer_id = c.id) AS messages,
             (SELECT count(*)::int FROM messages m WHERE m.customer_id = c.id AND m.status = 'sent' AND m.provider = 'smtp') AS sent
        FROM customers c ORDER BY c.id`;
    expect(perCustomer).toHaveLength(RUNS);
    expect(perCustomer.filter((c) => c.runs !== 1 || c.completed !== 1 || c.messages !== 1 || c.sent !== 1)).toEqual([]);
  });
});
