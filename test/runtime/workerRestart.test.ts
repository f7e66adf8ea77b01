import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScenario } from '../../shared/scenario/compile';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import { startTemporalDevServer, type DevServer } from '../../server/infra/temporalDev';
import { upsertCustomers } from '../../server/ingest/customers';
import { ingestOrders } from '../../server/ingest/orders';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { createScenarioRuntime } from '../../server/temporal/scenarioRuntime';
import { CustomerIdKey, ScenarioIdKey } from '../../server/temporal/searchAttributes';
import { audienceScheduleId, runWorkflowId } from '../../workflows/ids';
import { startFakeSmtp, type FakeSmtp, type ReceivedMail } from '../fakes/smtp';
import { startTestDatabase, type TestDatabase } from '../support/postgres';
import { until } from '../support/until';
import { spawnWorkerProcess } from '../support/workerProcess';
import { customer, order } from './harness';

// The real dev server (Schedules, real time), real worker processes and email through the real SMTP adapter to a
// fake SMTP server on loopback. One worker is killed with SIGKILL while some sends wait for the server's reply and
// others were accepted but never reported to Temporal; another worker takes over. Every run must finish, and every
// message must have been accepted by the server exactly once.

const CUSTOMERS = 120;
const TASK_QUEUE = 'restart-test';
/** Sends waiting for the server's reply before the worker is cut off from Temporal (at least). */
const HELD = 10;
/** Of those, accepted after the cut: sent and recorded, but their activities never reported complete. */
const ACCEPTED_AFTER_CUT = 4;
const CHANNEL_TIMEOUT_MS = 15_000;

let dev: DevServer;
let db: TestDatabase;
let smtp: FakeSmtp;
let connection: Connection;
let client: Client;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  [dev, db, smtp] = await Promise.all([startTemporalDevServer({ dataDir: null, headless: true, log: () => {} }), startTestDatabase(), startFakeSmtp()]);
  connection = await Connection.connect({ address: dev.address });
  client = new Client({ connection });
});
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await connection?.close();
  await dev?.stop();
  smtp?.releaseReplies();
  await smtp?.stop();
  await db?.stop();
});

function startWorkerProcess(temporalAddress: string): ChildProcess {
  const child = spawnWorkerProcess({ databaseUrl: db.url, temporalAddress, taskQueue: TASK_QUEUE, smtpUrl: smtp.url, channelTimeoutMs: CHANNEL_TIMEOUT_MS });
  workers.push(child);
  return child;
}

const count = async (query: Promise<{ n: number }[]>) => (await query)[0].n;

/** The attempt on which Temporal saw a message's `sendMessage` (key: customer id and node id) complete. */
async function completedSendAttempt(scenarioId: string, key: string): Promise<number> {
  const [customerId, nodeId] = key.split(' ');
  const events = (await client.workflow.getHandle(runWorkflowId(scenarioId, customerId)).fetchHistory()).events ?? [];
  const scheduled = events.find((e) => {
    const a = e.activityTaskScheduledEventAttributes;
    return a?.activityType?.name === 'sendMessage' && JSON.parse(Buffer.from(a.input!.payloads![0].data!).toString('utf8')).nodeId === nodeId;
  });
  const of = (id: unknown) => scheduled !== undefined && String(id) === String(scheduled.eventId);
  const started = events.find((e) => of(e.activityTaskStartedEventAttributes?.scheduledEventId));
  const completed = events.find((e) => of(e.activityTaskCompletedEventAttributes?.scheduledEventId));
  if (!started || !completed) throw new Error(`no completed sendMessage for ${key} in the workflow history`);
  return started.activityTaskStartedEventAttributes!.attempt!;
}

/** A loopback TCP relay to Temporal: after `cut()` nothing passes either way, as if the network had gone. */
async function startTemporalRelay(target: string): Promise<{ address: string; cut(): void; stop(): Promise<void> }> {
  const split = target.lastIndexOf(':');
  const [host, port] = [target.slice(0, split), Number(target.slice(split + 1))];
  const sockets = new Set<Socket>();
  let cut = false;
  const server = createServer((worker) => {
    if (cut) return worker.destroy();
    const temporal = connect(port, host);
    for (const socket of [worker, temporal]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        worker.destroy();
        temporal.destroy();
      });
    }
    worker.pipe(temporal);
    temporal.pipe(worker);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as { port: number }).port}`,
    cut() {
      cut = true;
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Which message a mail is: its recipient's customer id and the node whose text it carries. */
function messageOf(mail: ReceivedMail): string {
  const customerId = mail.envelope.to.join(',').replace(/@example\.ru$/, '');
  const text = mail.text.trim();
  const nodeId = text.endsWith('мы скучаем') ? 'hello' : text === 'Дарим 150 баллов' ? 'offer' : text === 'Баллы ждут' ? 'remind' : `unknown text «${text}»`;
  return `${customerId} ${nodeId}`;
}

// No quiet hours: messages go out whenever a chain reaches them, so nothing here depends on the time of day, the
// date or the time zone (the dev server is a static binary whose clock cannot be faked).
const doc = ScenarioDocumentSchema.parse({
  format: 'scenario/v1',
  name: 'Цепочка без пауз',
  settings: { timezone: 'Europe/Moscow' },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '03:00' } },
    { id: 'audience', type: 'filter', config: { condition: { field: 'orderCount', op: 'gte', value: 1 } } },
    { id: 'hello', type: 'send', config: { channel: 'email', text: '{{ customer.name }}, мы скучаем' } },
    { id: 'gift', type: 'grantBonus', config: { points: 150, expiresInDays: 3 } },
    { id: 'offer', type: 'send', config: { channel: 'email', text: 'Дарим {{ bonus.points }} баллов' } },
    { id: 'nap', type: 'wait', config: { days: 0 } },
    { id: 'remind', type: 'reminder', config: { channel: 'email', text: 'Баллы ждут' } },
    { id: 'call', type: 'task', config: { text: 'Позвонить {{ customer.name }}' } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'hello' },
    { from: 'hello', port: 'out', to: 'gift' },
    { from: 'gift', port: 'out', to: 'offer' },
    { from: 'offer', port: 'out', to: 'nap' },
    { from: 'nap', port: 'out', to: 'remind' },
    { from: 'remind', port: 'out', to: 'call' },
  ],
});

describe('a worker killed in the middle of the chains', () => {
  it('is replaced; every run completes, each message is accepted by the SMTP server once, nothing is granted twice', { timeout: 300_000 }, async () => {
    const ids = Array.from({ length: CUSTOMERS }, (_, i) => `k${i}`);
    await upsertCustomers(db.sql, ids.map((id) => customer(id)));
    await ingestOrders(db.sql, ids.map((id) => order(`o-${id}`, id, '2025-12-01T12:00:00+03:00')));
    const scenarioId = '11111111-1111-4111-8111-111111111111';
    const plan = compileScenario(doc, { scenarioId, version: 1 });
    await storePublishedScenario(db.sql, doc, plan, new Date());

    const runtime = createScenarioRuntime({ client, sql: db.sql, taskQueue: TASK_QUEUE });
    await runtime.published(scenarioId, 1, plan);
    const schedule = await client.schedule.getHandle(audienceScheduleId(scenarioId)).describe();
    expect(schedule.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 3, end: 3, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
    expect(schedule.spec.timezone).toBe('Europe/Moscow');
    await runtime.paused(scenarioId);
    expect((await client.schedule.getHandle(audienceScheduleId(scenarioId)).describe()).state.paused).toBe(true);
    await runtime.resumed(scenarioId);
    expect((await client.schedule.getHandle(audienceScheduleId(scenarioId)).describe()).state.paused).toBe(false);

    const relay = await startTemporalRelay(dev.address);
    const first = startWorkerProcess(relay.address);
    const enrolled = runtime.enrolNow(scenarioId);
    // Once a good part of the messages went out, the server stops answering: sends in flight wait for its reply.
    await until('the first messages at the SMTP server', async () => smtp.received.length >= 60, 120_000);
    smtp.holdReplies();
    const holdingSince = Date.now();
    // Both waits together stay well within the adapter's own timeout, so the held sends are still waiting at the kill.
    await until(() => `${HELD} sends waiting for the SMTP reply (${smtp.held().length} so far)`, async () => smtp.held().length >= HELD, 6_000);
    // Cut the worker off from Temporal, then accept a few held sends: the worker records them as sent, but Temporal
    // never hears that their activities completed, so it retries them on the next worker.
    relay.cut();
    const acceptedAfterCut = smtp.answerHeld(ACCEPTED_AFTER_CUT).map(messageOf);
    // Kill it only once every accepted message is recorded as sent. One the server accepted but the dying worker had
    // not recorded yet would be sent again when its outbox lease expired: the at-least-once window the outbox
    // documents, which this test keeps its kill out of.
    await until(
      () => `every accepted message recorded as sent (${smtp.received.length} accepted)`,
      async () => (await count(db.sql`SELECT count(*)::int AS n FROM messages WHERE status = 'sent'`)) === smtp.received.length,
      4_000,
    );
    first.kill('SIGKILL');
    const killedAt = Date.now();
    const acceptedBeforeKill = smtp.received.length;
    await once(first, 'exit');
    await until("the SMTP server to see the killed worker's connections close", async () => smtp.held().length === 0, 10_000);
    const interrupted = smtp.interrupted.map(messageOf);
    smtp.releaseReplies();
    await relay.stop();
    startWorkerProcess(dev.address);

    const totals = await enrolled;
    expect(totals.selected).toBe(CUSTOMERS);
    await until('every run to end', async () => (await count(db.sql`SELECT count(*)::int AS n FROM runs WHERE status <> 'completed'`)) === 0 && (await count(db.sql`SELECT count(*)::int AS n FROM runs`)) === CUSTOMERS, 240_000);

    console.log(
      `[restart] killed the worker after ${acceptedBeforeKill} of ${CUSTOMERS * 3} messages accepted (${acceptedAfterCut.length} of them unreported to Temporal), ` +
        `with ${interrupted.length} sends waiting for the SMTP reply (held at most ${killedAt - holdingSince} ms); ` +
        `${smtp.received.length} accepted in the end, every run ended ${Math.round((Date.now() - killedAt) / 1000)} s after the kill`,
    );
    expect(acceptedBeforeKill).toBeLessThan(CUSTOMERS * 3);
    expect(acceptedAfterCut).toHaveLength(ACCEPTED_AFTER_CUT);
    expect(interrupted.length).toBeGreaterThanOrEqual(HELD - ACCEPTED_AFTER_CUT);
    const accepted = new Map<string, ReceivedMail[]>();
    for (const mail of smtp.received) accepted.set(messageOf(mail), [...(accepted.get(messageOf(mail)) ?? []), mail]);
    const expected = [...Array(CUSTOMERS).keys()].flatMap((i) => ['hello', 'offer', 'remind'].map((node) => `k${i} ${node}`)).sort();
    expect([...accepted.keys()].sort()).toEqual(expected);
    expect([...accepted].filter(([, mails]) => mails.length !== 1).map(([key, mails]) => `${key} ×${mails.length}`)).toEqual([]);
    // The sends cut off by the kill were never accepted; each was retried (its outbox lease taken over) and then
    // accepted once, as the same message.
    for (const mail of smtp.interrupted) expect(accepted.get(messageOf(mail))![0].messageId).toBe(mail.messageId);

    // The outbox agrees with the server: one row per message, sent through SMTP, with the Message-ID it accepted.
    const rows = await db.sql<{ customer_id: string; node_id: string; status: string; provider: string; provider_message_id: string; text: string; attempts: number }[]>`
      SELECT customer_id, node_id, status, provider, provider_message_id, text, attempts FROM messages`;
    expect(rows.map((r) => `${r.customer_id} ${r.node_id} ${r.status} ${r.provider} ${r.provider_message_id} ${r.text}`).sort()).toEqual(
      [...accepted].map(([key, [mail]]) => `${key} sent smtp ${mail.messageId} ${mail.text.trim()}`).sort(),
    );
    const attempts = new Map(rows.map((r) => [`${r.customer_id} ${r.node_id}`, r.attempts]));
    expect(interrupted.filter((key) => attempts.get(key)! < 2)).toEqual([]);
    // The sends accepted after the cut were retried by Temporal and found already sent: sent once, by the first attempt.
    expect(acceptedAfterCut.map((key) => attempts.get(key))).toEqual(acceptedAfterCut.map(() => 1));
    for (const key of acceptedAfterCut) expect(await completedSendAttempt(scenarioId, key)).toBeGreaterThanOrEqual(2);

    const perCustomer = await db.sql<{ customer_id: string; grants: number; tasks: number; steps: number }[]>`
      SELECT c.id AS customer_id,
             (SELECT count(*)::int FROM bonus_ledger b WHERE b.customer_id = c.id AND b.kind = 'grant') AS grants,
             (SELECT count(*)::int FROM staff_tasks t WHERE t.customer_id = c.id) AS tasks,
             (SELECT count(*)::int FROM run_steps s JOIN runs r ON r.id = s.run_id WHERE r.customer_id = c.id) AS steps
        FROM customers c ORDER BY c.id`;
    expect(perCustomer.filter((r) => r.grants !== 1 || r.tasks !== 1)).toEqual([]);
    // start, audience, hello, gift, offer, nap (waiting + waited), remind, call.
    expect(new Set(perCustomer.map((r) => r.steps))).toEqual(new Set([9]));

    // The dev server registers ScenarioId/CustomerId: runs are tagged for the Temporal UI.
    const described = await client.workflow.getHandle(`run:${scenarioId}:k7`).describe();
    expect(described.typedSearchAttributes.get(ScenarioIdKey)).toBe(scenarioId);
    expect(described.typedSearchAttributes.get(CustomerIdKey)).toBe('k7');

    await runtime.archived(scenarioId);
    await expect(client.schedule.getHandle(audienceScheduleId(scenarioId)).describe()).rejects.toThrow();
  });
});
