import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScenario } from '../../shared/scenario/compile';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import { enrolCustomers } from '../../server/activities/audience';
import { createChannels, loadChannelConfig } from '../../server/channels';
import { startTemporalDevServer, type DevServer } from '../../server/infra/temporalDev';
import { upsertCustomers } from '../../server/ingest/customers';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { startWorker, type RunningWorker } from '../../server/worker/start';
import { runWorkflowId } from '../../workflows/ids';
import { startFakeSmsGateway, type FakeSmsGateway } from '../fakes/smsGateway';
import { startFakeSmtp, type FakeSmtp } from '../fakes/smtp';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram';
import { startTestDatabase, type TestDatabase } from '../support/postgres';
import { customer } from './harness';

// Nothing is sent twice, however slowly a provider answers. The SMTP server takes 20 s over each reply (greeting,
// AUTH, MAIL FROM, RCPT TO, end of DATA: over 100 s a message); the SMS gateway and the Telegram Bot API take 20 s to
// answer. Longer than the 60 s a send attempt used to get: Temporal then retried a send that was still talking to
// the provider, the retry took its claim over and the customer got the message twice. Real dev server (real time),
// real PostgreSQL, an in-process worker, the production adapters against the fakes, which count what they accept.

const TASK_QUEUE = 'slow-providers-test';
const SCENARIO_ID = '55555555-5555-4555-8555-555555555555';
const SLOW_MS = 20_000;

const doc = ScenarioDocumentSchema.parse({
  format: 'scenario/v1',
  name: 'Медленные провайдеры',
  settings: { timezone: 'Europe/Moscow' },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
    { id: 'hello', type: 'send', config: { channel: 'email', fallbackChannels: ['sms', 'telegram'], subject: 'Привет', text: 'Мы скучаем' } },
  ],
  edges: [{ from: 'start', port: 'out', to: 'hello' }],
});
const plan = compileScenario(doc, { scenarioId: SCENARIO_ID, version: 1 });

let db: TestDatabase;
let smtp: FakeSmtp;
let sms: FakeSmsGateway;
let telegram: FakeTelegram;
let dev: DevServer;
let native: NativeConnection;
let connection: Connection;
let client: Client;
let worker: RunningWorker;

beforeAll(async () => {
  [db, smtp, sms, telegram, dev] = await Promise.all([
    startTestDatabase(),
    startFakeSmtp(undefined, { replyDelayMs: SLOW_MS }),
    startFakeSmsGateway({ delayMs: SLOW_MS }),
    startFakeTelegram(undefined, { delayMs: SLOW_MS }),
    startTemporalDevServer({ dataDir: null, headless: true, log: () => {} }),
  ]);
  native = await NativeConnection.connect({ address: dev.address });
  connection = await Connection.connect({ address: dev.address });
  client = new Client({ connection });
  const channels = createChannels(
    loadChannelConfig({
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Кофейня <hello@zerno.example>',
      SMS_API_URL: sms.url,
      SMS_API_ID: sms.apiId,
      TELEGRAM_BOT_TOKEN: '123456:TEST-token',
      TELEGRAM_API_URL: telegram.url,
      // Each reply comes within this; a whole email conversation takes five of them.
      CHANNEL_TIMEOUT_MS: String(SLOW_MS + 10_000),
    }),
  );
  worker = await startWorker({ sql: db.sql, connection: native, namespace: 'default', taskQueue: TASK_QUEUE, channels });
  await storePublishedScenario(db.sql, doc, plan, new Date());
}, 120_000);
afterAll(async () => {
  await worker?.stop();
  await connection?.close();
  await native?.close();
  await dev?.stop();
  await Promise.all([smtp?.stop(), sms?.stop(), telegram?.stop()]);
  await db?.stop();
});

describe('a provider that answers slowly', () => {
  it('delivers each message exactly once: email over 100 s, SMS and Telegram in 20 s, no retry takes a send over', { timeout: 400_000 }, async () => {
    const only = (channel: 'email' | 'sms' | 'telegram') => ({ email: false, sms: false, telegram: false, push: false, [channel]: true });
    await upsertCustomers(db.sql, [
      customer('mail-1', { subscriptions: only('email') }),
      customer('mail-2', { subscriptions: only('email') }),
      customer('phone', { phone: '+79001234567', subscriptions: only('sms') }),
      customer('chat', { telegramChatId: '100200', subscriptions: only('telegram') }),
    ]);
    const ids = ['mail-1', 'mail-2', 'phone', 'chat'];
    const started = Date.now();
    const { started: count } = await enrolCustomers({ sql: db.sql, client, taskQueue: TASK_QUEUE, channels: {} as never }, plan, ids, { enteredAt: new Date().toISOString(), clockOffsetMs: 0 });
    expect(count).toBe(4);
    const results = await Promise.all(ids.map((id) => client.workflow.getHandle(runWorkflowId(SCENARIO_ID, id)).result()));
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(`[slow providers] 2 emails, 1 SMS, 1 Telegram message through providers answering in ${SLOW_MS / 1000} s per reply: all runs ended in ${seconds} s`);
    expect(results.map((r) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed']);

    expect(smtp.received.map((m) => m.envelope.to.join()).sort()).toEqual(['mail-1@example.ru', 'mail-2@example.ru']);
    expect(sms.sent.map((m) => m.to)).toEqual(['79001234567']);
    expect(telegram.sent.map((m) => m.chatId)).toEqual(['100200']);
    const rows = await db.sql<{ customer_id: string; channel: string; status: string; attempts: number }[]>`
      SELECT customer_id, channel, status, attempts FROM messages ORDER BY customer_id`;
    expect(rows).toEqual([
      { customer_id: 'chat', channel: 'telegram', status: 'sent', attempts: 1 },
      { customer_id: 'mail-1', channel: 'email', status: 'sent', attempts: 1 },
      { customer_id: 'mail-2', channel: 'email', status: 'sent', attempts: 1 },
      { customer_id: 'phone', channel: 'sms', status: 'sent', attempts: 1 },
    ]);
    // Temporal never gave up on a send still in flight: each completed on its first attempt, heartbeating meanwhile.
    for (const id of ids) {
      const events = (await client.workflow.getHandle(runWorkflowId(SCENARIO_ID, id)).fetchHistory()).events ?? [];
      const attempts = events.filter((e) => e.activityTaskStartedEventAttributes).map((e) => e.activityTaskStartedEventAttributes!.attempt);
      expect(attempts, id).toEqual([1]);
      expect(events.some((e) => e.activityTaskTimedOutEventAttributes), id).toBe(false);
    }
  });
});
