import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScenario } from '../../shared/scenario/compile';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import { enrolCustomers } from '../../server/activities/audience';
import { Random } from '../../server/demo/random';
import { freePort } from '../../server/infra/freePort';
import { startTemporalDevServer, type DevServer } from '../../server/infra/temporalDev';
import { upsertCustomers } from '../../server/ingest/customers';
import { ingestOrders } from '../../server/ingest/orders';
import { SANDBOX_CHANNELS } from '../../server/simulate/run';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { scenarioReport } from '../../server/analytics/report';
import { resolveScope } from '../../server/analytics/scope';
import { skipWait } from '../../workflows/signals';
import { startFakeSmtp, type FakeSmtp, type ReceivedMail } from '../fakes/smtp';
import { startTestDatabase, type TestDatabase } from '../support/postgres';
import { until } from '../support/until';
import { spawnWorkerProcess, type WorkerProcessOptions } from '../support/workerProcess';
import { customer, order } from './harness';

// The fault suite: 500 customer runs on the real Temporal dev server (on its own data file, so it can be stopped and
// started again), real PostgreSQL, worker processes started from `npm run worker`'s entry point and killed with
// SIGKILL at random moments (a supervisor starts another, as systemd would), a Temporal restart while orders are
// ingested, and every database connection dropped mid-run. Email goes through the real SMTP adapter to a fake SMTP
// server that counts what it accepts. Every run must finish, nothing may be delivered or granted twice, and every
// customer who bought must end converted with nothing more sent. Kills and the connection drop happen while the
// SMTP server holds its replies (withRepliesHeld), outside the at-least-once window the outbox documents. The moments are drawn from a seed printed with
// the figures (FAULT_SEED=… repeats them); FAULT_RUNS sets the number of runs.

const RUNS = Number(process.env.FAULT_RUNS ?? 500);
const SEED = process.env.FAULT_SEED ?? String(Date.now());
const TASK_QUEUE = 'fault-suite';
const SCENARIO_ID = '33333333-3333-4333-8333-333333333333';
/** Every fifth customer buys while waiting: the run must end converted, with nothing more sent. */
const buys = (i: number) => i % 5 === 0;

// No quiet hours and a day's wait that nobody waits out (the customers who buy end it, support skips it for the
// others): nothing here depends on the date, the time of day or the time zone.
const doc = ScenarioDocumentSchema.parse({
  format: 'scenario/v1',
  name: 'Цепочка под отказами',
  settings: { timezone: 'Europe/Moscow', stopOnPurchase: true },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
    { id: 'hello', type: 'send', config: { channel: 'email', text: 'Мы скучаем' } },
    { id: 'gift', type: 'grantBonus', config: { points: 150, expiresInDays: 7 } },
    { id: 'offer', type: 'send', config: { channel: 'email', text: 'Дарим 150 баллов' } },
    { id: 'day', type: 'wait', config: { days: 1 } },
    { id: 'remind', type: 'reminder', config: { channel: 'email', text: 'Баллы ждут' } },
    { id: 'call', type: 'task', config: { text: 'Позвонить {{ customer.name }}' } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'hello' },
    { from: 'hello', port: 'out', to: 'gift' },
    { from: 'gift', port: 'out', to: 'offer' },
    { from: 'offer', port: 'out', to: 'day' },
    { from: 'day', port: 'out', to: 'remind' },
    { from: 'remind', port: 'out', to: 'call' },
  ],
});
const plan = compileScenario(doc, { scenarioId: SCENARIO_ID, version: 1 });
const TEXTS: Record<string, string> = { 'Мы скучаем': 'hello', 'Дарим 150 баллов': 'offer', 'Баллы ждут': 'remind' };

let db: TestDatabase;
let smtp: FakeSmtp;
let dir: string;
let port: number;
let dev: DevServer;
let connection: Connection;
let client: Client;
let supervisor: Supervisor;

const startDev = () => startTemporalDevServer({ dataDir: dir, port, headless: true, log: () => {} });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'comeback-faults-'));
  port = await freePort();
  // Each SMTP reply takes 100 ms, as a real relay's may: a send takes most of a second, so a fault finds sends in
  // the middle of their conversation with the server.
  [db, smtp, dev] = await Promise.all([startTestDatabase(), startFakeSmtp(undefined, { replyDelayMs: 100 }), startDev()]);
  connection = await Connection.connect({ address: dev.address });
  client = new Client({ connection });
}, 120_000);
afterAll(async () => {
  await supervisor?.stop();
  await connection?.close();
  await dev?.stop();
  await smtp?.stop();
  await db?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Keeps one worker process alive, starting another whenever the last one exits: a process manager in miniature. */
class Supervisor {
  private current: ChildProcess | null = null;
  private stopped = false;
  starts = 0;

  constructor(private readonly options: WorkerProcessOptions) {
    this.start();
  }

  private start() {
    if (this.stopped) return;
    this.starts += 1;
    const child = spawnWorkerProcess(this.options);
    this.current = child;
    child.on('exit', () => {
      if (this.current === child) setTimeout(() => this.start(), 500);
    });
  }

  /** SIGKILL: no shutdown, no goodbye to Temporal or PostgreSQL. */
  async kill(): Promise<void> {
    const child = this.current;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.kill();
  }
}

const count = async (query: Promise<{ n: number }[]>) => (await query)[0].n;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Messages claimed in the outbox and not yet sent: sends in flight. */
const pendingSends = () => count(db.sql`SELECT count(*)::int AS n FROM messages WHERE status = 'pending'`);

/**
 * Breaks the world with `fault` while every send in flight waits for the SMTP server's reply and every mail the
 * server accepted is recorded as sent. That keeps the fault out of the one window the outbox documents as
 * at-least-once (the provider accepted a message, the process died before recording it: the retry sends it again
 * after the lease; README, "What the runtime promises under faults"), and puts it where a crash hurts most: sends
 * cut off mid-conversation, their claims held by a process that is gone.
 */
async function withRepliesHeld(fault: () => Promise<void>): Promise<void> {
  smtp.holdReplies();
  try {
    await until(
      () => `every accepted mail recorded as sent (${smtp.received.length} accepted)`,
      async () => (await count(db.sql`SELECT count(*)::int AS n FROM messages WHERE status = 'sent'`)) === smtp.received.length,
      // Recording trails the server's answers by a moment; minutes when a loaded machine runs other suites too.
      180_000,
    );
    await fault();
  } finally {
    smtp.releaseReplies();
  }
}

/** Which message a mail is: its recipient's customer id and the node whose text it carries. */
function messageOf(mail: ReceivedMail): string {
  return `${mail.envelope.to.join(',').replace(/@example\.ru$/, '')} ${TEXTS[mail.text.trim()] ?? `unknown text «${mail.text.trim()}»`}`;
}

/**
 * SIGKILLs the worker, then waits until the SMTP server has seen its connections close: a reply released before
 * that would be an acceptance nobody hears of (the message would be sent again, as the retry cannot know).
 */
async function killWorker(): Promise<void> {
  await supervisor.kill();
  await until("the SMTP server to see the killed worker's connections close", async () => smtp.held().length === 0, 10_000);
}

describe('the fault suite', () => {
  it(`${RUNS} runs through worker kills, a Temporal restart and dropped database connections: every run finishes, nothing twice, no conversion lost`, { timeout: 900_000 }, async () => {
    const rnd = new Random(SEED);
    const ids = Array.from({ length: RUNS }, (_, i) => `f${i}`);
    const buyers = ids.filter((_, i) => buys(i));
    const stayers = ids.filter((_, i) => !buys(i));
    await upsertCustomers(db.sql, ids.map((id) => customer(id, { name: `Клиент ${id}` })));
    await storePublishedScenario(db.sql, doc, plan, new Date());
    const figures: string[] = [];
    const startedAt = Date.now();

    supervisor = new Supervisor({ databaseUrl: db.url, temporalAddress: dev.address, taskQueue: TASK_QUEUE, smtpUrl: smtp.url, channelTimeoutMs: 15_000 });

    // 1. Enrol everyone; kill the worker twice while the first two letters go out, at moments drawn from the seed.
    const enrolled = enrolCustomers({ sql: db.sql, client, taskQueue: TASK_QUEUE, channels: SANDBOX_CHANNELS }, plan, ids, { enteredAt: new Date().toISOString(), clockOffsetMs: 0 });
    const killAt = [rnd.int(Math.round(RUNS * 0.1), Math.round(RUNS * 0.7)), rnd.int(Math.round(RUNS * 0.9), Math.round(RUNS * 1.6))];
    for (const mails of killAt) {
      await until(() => `${mails} mails accepted (${smtp.received.length} so far)`, async () => smtp.received.length >= mails, 300_000);
      await sleep(rnd.int(0, 300));
      await withRepliesHeld(async () => {
        const inFlight = await pendingSends();
        await killWorker();
        figures.push(`worker killed after ${smtp.received.length} of ${RUNS * 2} first letters, with ${inFlight} sends in flight`);
      });
    }
    expect((await enrolled).started).toBe(RUNS);
    await until(
      () => 'every run waiting out its day after two letters',
      async () => (await count(db.sql`SELECT count(*)::int AS n FROM runs WHERE status = 'running' AND current_node_id = 'day' AND next_wake_at IS NOT NULL`)) === RUNS,
      300_000,
    );
    figures.push(`all ${RUNS} runs waiting after ${Math.round((Date.now() - startedAt) / 1000)} s`);

    // 2. Temporal goes away; the buyers' orders are ingested meanwhile; Temporal comes back on the same data.
    await dev.stop();
    const downAt = Date.now();
    const ingested = await ingestOrders(db.sql, buyers.map((id) => order(`o-${id}`, id, new Date().toISOString())));
    expect(ingested.summary.accepted).toBe(buyers.length);
    await sleep(rnd.int(3_000, 10_000));
    dev = await startDev();
    figures.push(`Temporal stopped for ${Math.round((Date.now() - downAt) / 1000)} s while ${buyers.length} orders were ingested`);
    await until(
      () => 'every buyer converted',
      async () => (await count(db.sql`SELECT count(*)::int AS n FROM runs WHERE status = 'converted'`)) === buyers.length,
      300_000,
    );
    figures.push(`${buyers.length} conversions recorded ${Math.round((Date.now() - downAt) / 1000)} s after Temporal went away`);

    // 3. Support ends the others' day; every database connection is dropped and the worker killed once more, at
    //    moments drawn from the seed, while the reminders and the tasks are being done.
    const workflows = await db.sql<{ workflow_id: string }[]>`SELECT workflow_id FROM runs WHERE status = 'running' ORDER BY customer_id`;
    expect(workflows).toHaveLength(stayers.length);
    const signalled = (async () => {
      for (const { workflow_id } of workflows) await client.workflow.getHandle(workflow_id).signal(skipWait, { by: 'fault suite' });
    })();
    const reminders = () => smtp.received.filter((m) => m.text.trim() === 'Баллы ждут').length;
    const dropAt = rnd.int(Math.round(stayers.length * 0.1), Math.round(stayers.length * 0.4));
    await until(() => `${dropAt} reminders (${reminders()} so far)`, async () => reminders() >= dropAt, 300_000);
    await withRepliesHeld(async () => {
      const [{ dropped }] = await db.sql<{ dropped: number }[]>`
        SELECT count(*)::int AS dropped FROM (
          SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend') t`;
      figures.push(`${dropped} database connections dropped after ${reminders()} reminders, with ${await pendingSends()} sends in flight`);
    });
    const lastKill = rnd.int(Math.round(stayers.length * 0.5), Math.round(stayers.length * 0.9));
    await until(() => `${lastKill} reminders (${reminders()} so far)`, async () => reminders() >= lastKill, 300_000);
    await withRepliesHeld(async () => {
      const inFlight = await pendingSends();
      await killWorker();
      figures.push(`worker killed after ${reminders()} of ${stayers.length} reminders, with ${inFlight} sends in flight`);
    });
    await signalled;
    await until(
      () => 'every run to end',
      async () => (await count(db.sql`SELECT count(*)::int AS n FROM runs WHERE status = 'running'`)) === 0,
      300_000,
    ).catch(async (error) => {
      throw new Error(`${(error as Error).message}: ${JSON.stringify(await db.sql`SELECT status, current_node_id, count(*)::int FROM runs GROUP BY 1, 2`)}`);
    });

    // What the customers got, counted at the SMTP server and in the database.
    const accepted = new Map<string, number>();
    for (const mail of smtp.received) accepted.set(messageOf(mail), (accepted.get(messageOf(mail)) ?? 0) + 1);
    const twice = [...accepted].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
    const effects = await db.sql<{ id: string; status: string; grants: number; tasks: number }[]>`
      SELECT r.customer_id AS id, r.status,
             (SELECT count(*)::int FROM bonus_ledger b WHERE b.customer_id = r.customer_id AND b.kind = 'grant') AS grants,
             (SELECT count(*)::int FROM staff_tasks t WHERE t.customer_id = r.customer_id) AS tasks
        FROM runs r ORDER BY r.customer_id`;
    const lostConversions = effects.filter((e) => buyers.includes(e.id) && (e.status !== 'converted' || e.tasks > 0 || accepted.has(`${e.id} remind`)));
    figures.push(
      `${effects.length} runs ended (${effects.filter((e) => e.status === 'converted').length} converted, ${effects.filter((e) => e.status === 'completed').length} completed) ` +
        `${Math.round((Date.now() - startedAt) / 1000)} s after the start; worker processes started: ${supervisor.starts}; ` +
        `${smtp.received.length} mails accepted, ${twice.length} twice; ${effects.filter((e) => e.grants > 1).length} bonuses granted twice; ${lostConversions.length} conversions lost`,
    );
    console.log(`[faults] seed ${SEED}\n${figures.map((f) => `[faults] ${f}`).join('\n')}`);

    expect(twice).toEqual([]);
    expect(lostConversions.map((e) => e.id)).toEqual([]);
    expect(effects).toHaveLength(RUNS);
    expect(effects.filter((e) => e.grants !== 1).map((e) => `${e.id}: ${e.grants} grants`)).toEqual([]);
    const expected = [...buyers.flatMap((id) => [`${id} hello`, `${id} offer`]), ...stayers.flatMap((id) => [`${id} hello`, `${id} offer`, `${id} remind`])].sort();
    expect([...accepted.keys()].sort()).toEqual(expected);
    expect(effects.filter((e) => (buyers.includes(e.id) ? e.status !== 'converted' : e.status !== 'completed' || e.tasks !== 1)).map((e) => `${e.id} ${e.status} ${e.tasks}`)).toEqual([]);
    // The outbox agrees with the server: every message it holds was sent, once.
    expect(await db.sql`SELECT status, count(*)::int AS n FROM messages GROUP BY status`).toEqual([{ status: 'sent', n: expected.length }]);
    expect(await db.sql`SELECT count(*)::int AS n FROM order_signals`).toEqual([{ n: 0 }]);
    // The report's pre-aggregated counts went through every retry, kill and restart: they equal a recount.
    const scope = await resolveScope(db.sql, SCENARIO_ID, {});
    const report = await scenarioReport(db.sql, scope);
    expect(report).toEqual(await scenarioReport(db.sql, scope, { recount: true }));
    expect(report.totals).toMatchObject({ entered: RUNS, returned: buyers.length, messagesSent: expected.length });
  });
});
