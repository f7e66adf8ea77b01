import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannels, loadChannelConfig } from '../../server/channels';
import { ChannelError } from '../../server/channels/errors';
import { customerContacts, pickChannel } from '../../server/channels/contacts';
import { recordAndSend, type OutboxMessage } from '../../server/channels/outbox';
import { startTestDatabase, type TestDatabase } from '../support/postgres';
import { startFakeSmsGateway, type FakeSmsGateway } from '../fakes/smsGateway';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram';

describe('outbox', () => {
  let db: TestDatabase;
  let telegram: FakeTelegram;
  let gateway: FakeSmsGateway;
  beforeAll(async () => {
    [db, telegram, gateway] = await Promise.all([startTestDatabase(), startFakeTelegram(), startFakeSmsGateway({ pricePerSegment: 2.5 })]);
    await db.sql`
      INSERT INTO customers (id, name, phone, email, telegram_chat_id, registered_at, sub_sms, sub_email, sub_telegram)
      VALUES ('c1', 'Анна', '+7 912 345-67-89', 'anna@example.ru', '100200300', now() - interval '1 year', true, false, true)`;
  });
  afterAll(async () => {
    await Promise.all([db?.stop(), telegram?.stop(), gateway?.stop()]);
  });

  const channels = () =>
    createChannels(
      loadChannelConfig({
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_URL: telegram.url,
        SMS_API_URL: gateway.url,
        SMS_API_ID: gateway.apiId,
        CHANNEL_TIMEOUT_MS: '2000',
      }),
    );
  const message = (key: string, over: Partial<OutboxMessage> = {}): OutboxMessage => ({
    idempotencyKey: key,
    customerId: 'c1',
    channel: 'telegram',
    recipient: '100200300',
    text: 'Анна, мы скучаем!',
    ...over,
  });
  const row = async (key: string) => (await db.sql`SELECT * FROM messages WHERE idempotency_key = ${key}`)[0];

  it('sends once per idempotency key: a repeated call reports the first result and sends nothing', async () => {
    const first = await recordAndSend(db.sql, channels(), message('run-1:hello'));
    const again = await recordAndSend(db.sql, channels(), message('run-1:hello', { text: 'другой текст' }));
    expect(first).toMatchObject({ status: 'sent', provider: 'telegram', duplicate: false });
    expect(again).toEqual({ ...first, duplicate: true });
    // This test's chat only: other tests send the same text to chats of their own.
    expect(telegram.sent.filter((m) => m.chatId === '100200300').map((m) => m.text)).toEqual(['Анна, мы скучаем!']);
    expect(telegram.sent.some((m) => m.text === 'другой текст')).toBe(false);
    expect(await row('run-1:hello')).toMatchObject({ status: 'sent', attempts: 1, provider_message_id: first.providerMessageId, text: 'Анна, мы скучаем!' });
  });

  it('keeps a message pending after a retryable error and sends it on the retry', async () => {
    telegram.behave('777', { kind: 'rate-limited', retryAfter: 3, times: 1 });
    const error = await recordAndSend(db.sql, channels(), message('run-2:hello', { recipient: '777' })).catch((e) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 3000 });
    expect(await row('run-2:hello')).toMatchObject({ status: 'pending', attempts: 1, attempt_started_at: null, error: expect.stringContaining('Too Many Requests') });

    // The retry computed another channel (say the customer unsubscribed from Telegram meanwhile): the recorded one wins.
    const retried = await recordAndSend(db.sql, channels(), message('run-2:hello', { channel: 'sms', recipient: '79990001122' }));
    expect(retried).toMatchObject({ status: 'sent', channel: 'telegram', provider: 'telegram', duplicate: false, error: null });
    expect(gateway.sent.some((m) => m.to === '79990001122')).toBe(false);
    expect(await row('run-2:hello')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(telegram.sent.filter((m) => m.chatId === '777')).toHaveLength(1);
  });

  it('records a permanent refusal as failed, returns it, and never tries again', async () => {
    telegram.behave('888', { kind: 'blocked' });
    const failed = await recordAndSend(db.sql, channels(), message('run-3:hello', { recipient: '888' }));
    expect(failed).toMatchObject({ status: 'failed', error: 'Telegram: Forbidden: bot was blocked by the user' });
    const calls = telegram.calls;
    expect(await recordAndSend(db.sql, channels(), message('run-3:hello', { recipient: '888' }))).toMatchObject({ status: 'failed', duplicate: true });
    expect(telegram.calls).toBe(calls);
  });

  it('marks a retryable error failed on the last attempt, so nothing stays pending', async () => {
    telegram.behave('999', { kind: 'server-error', times: 5 });
    const result = await recordAndSend(db.sql, channels(), message('run-4:hello', { recipient: '999' }), { lastAttempt: true });
    expect(result).toMatchObject({ status: 'failed', error: 'Telegram: Bad Gateway' });
  });

  it('lets only one of two concurrent attempts send', async () => {
    const outcomes = await Promise.allSettled([
      recordAndSend(db.sql, channels(), message('run-5:hello', { recipient: '5005' })),
      recordAndSend(db.sql, channels(), message('run-5:hello', { recipient: '5005' })),
    ]);
    expect(telegram.sent.filter((m) => m.chatId === '5005')).toHaveLength(1);
    const fulfilled = outcomes.filter((o) => o.status === 'fulfilled').map((o) => (o as PromiseFulfilledResult<{ duplicate: boolean }>).value);
    const rejected = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
    expect(fulfilled.filter((r) => !r.duplicate)).toHaveLength(1);
    for (const reason of rejected) expect(reason).toMatchObject({ retryable: true, code: 'in-flight' });
  });

  it('takes over a message whose attempt died after its lease expired', async () => {
    await db.sql`
      INSERT INTO messages (idempotency_key, customer_id, channel, recipient, text, status, provider, attempts, attempt_started_at)
      VALUES ('run-6:hello', 'c1', 'telegram', '6006', 'Прерванная отправка', 'pending', 'telegram', 1, now() - interval '10 minutes')`;
    const result = await recordAndSend(db.sql, channels(), message('run-6:hello', { recipient: '6006' }));
    expect(result.status).toBe('sent');
    expect(telegram.sent.filter((m) => m.chatId === '6006').map((m) => m.text)).toEqual(['Прерванная отправка']);
  });

  /**
   * The database refuses to record the next `times` outcomes of message `key` (an UPDATE to 'sent' raises), as when
   * its connection drops just after the provider answered.
   */
  async function refuseRecording(key: string, times: number) {
    // A sequence counts the refusals: unlike a table, it is not rolled back with the statement the trigger fails.
    await db.sql`CREATE TABLE IF NOT EXISTS refuse_recording (key text PRIMARY KEY, times bigint NOT NULL)`;
    await db.sql`CREATE SEQUENCE IF NOT EXISTS refuse_recording_count`;
    await db.sql`DELETE FROM refuse_recording`;
    await db.sql`INSERT INTO refuse_recording VALUES (${key}, ${times})`;
    await db.sql`ALTER SEQUENCE refuse_recording_count RESTART`;
    await db.sql.unsafe(`
      CREATE OR REPLACE FUNCTION refuse_recording() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        refusals bigint;
      BEGIN
        SELECT times INTO refusals FROM refuse_recording WHERE key = NEW.idempotency_key;
        IF FOUND AND nextval('refuse_recording_count') <= refusals THEN
          RAISE EXCEPTION 'terminating connection due to administrator command' USING ERRCODE = '57P01';
        END IF;
        RETURN NEW;
      END $$;
      CREATE OR REPLACE TRIGGER refuse_recording BEFORE UPDATE ON messages FOR EACH ROW WHEN (NEW.status = 'sent')
        EXECUTE FUNCTION refuse_recording();`);
  }

  it('records a message the provider accepted even when the database fails the first try: a retry never sends it again', async () => {
    await refuseRecording('run-6b:hello', 2);
    const result = await recordAndSend(db.sql, channels(), message('run-6b:hello', { recipient: '6106' }));
    expect(result).toMatchObject({ status: 'sent', duplicate: false });
    expect(await recordAndSend(db.sql, channels(), message('run-6b:hello', { recipient: '6106' }))).toMatchObject({ status: 'sent', duplicate: true });
    expect(telegram.sent.filter((m) => m.chatId === '6106')).toHaveLength(1);
  });

  it('keeps the claim of an accepted message it cannot record, so a retry within the lease does not send it again', async () => {
    await refuseRecording('run-6c:hello', 1_000_000);
    const error = await recordAndSend(db.sql, channels(), message('run-6c:hello', { recipient: '6206' }), { leaseMs: 2_000 }).catch((e) => e);
    expect(error).toMatchObject({ retryable: true });
    // The first attempt gave up writing after half its 2 s lease; a retry with the usual lease finds the claim held.
    const retry = await recordAndSend(db.sql, channels(), message('run-6c:hello', { recipient: '6206' })).catch((e) => e);
    expect(retry).toMatchObject({ retryable: true, code: 'in-flight' });
    expect(telegram.sent.filter((m) => m.chatId === '6206')).toHaveLength(1);
    expect(await row('run-6c:hello')).toMatchObject({ status: 'pending', attempt_started_at: expect.any(Date) });
    await db.sql`DELETE FROM refuse_recording`;
  });

  it('records SMS segments and cost from the gateway', async () => {
    const result = await recordAndSend(db.sql, channels(), message('run-7:sms', { channel: 'sms', recipient: '+7 912 345-67-89', text: 'Дарим 180 рублей на покупку в нашем магазине до 09.01.' }));
    expect(result).toMatchObject({ status: 'sent', provider: 'sms-http', segments: 1, cost: 2.5 });
    expect(await row('run-7:sms')).toMatchObject({ segments: 1, cost: 2.5, channel: 'sms' });
  });

  it('keeps unconfigured channels in the sandbox: recorded, never delivered', async () => {
    const result = await recordAndSend(db.sql, channels(), message('run-8:email', { channel: 'email', recipient: 'anna@example.ru', subject: 'Мы скучаем' }));
    expect(result).toMatchObject({ status: 'sandbox', provider: 'sandbox', cost: 0 });
    expect(await row('run-8:email')).toMatchObject({ status: 'sandbox', subject: 'Мы скучаем', sent_at: expect.any(Date) });

    const sandboxOnly = createChannels(loadChannelConfig({}));
    const sms = await recordAndSend(db.sql, sandboxOnly, message('run-8:sms', { channel: 'sms', recipient: '79123456789', text: 'Ю'.repeat(71) }));
    expect(sms).toMatchObject({ status: 'sandbox', segments: 2, cost: 0 });
  });

  it('picks the first channel the customer is subscribed to and has a contact for', async () => {
    const contacts = (await customerContacts(db.sql, 'c1'))!;
    expect(pickChannel(contacts, ['email', 'telegram', 'sms'])).toEqual({ channel: 'telegram', recipient: '100200300' });
    expect(pickChannel(contacts, ['push', 'email'])).toBeNull();
    expect(await customerContacts(db.sql, 'nobody')).toBeNull();
  });
});
