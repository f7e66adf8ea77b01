import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannels, loadChannelConfig, recordAndSend } from '../../server/channels';
import { migrate } from '../../server/db/migrate';
import { upsertCustomers } from '../../server/ingest/customers';
import type { ConsentEntry } from '../../shared/api/support';
import { startTestApi, type SignedInClient, type TestApi, type TokenClient } from '../support/api';
import { startTestDatabase } from '../support/postgres';
import { startFakeSmsGateway, type FakeSmsGateway } from '../fakes/smsGateway';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram';

/**
 * Consent is a record: an opt-out made in Comeback (support, a provider's block or stop list) survives the shop's
 * nightly re-syncs, by JSON ingest and by spreadsheet import, unless they carry a consent newer than the opt-out.
 */

let api: TestApi;
let integration: TokenClient;
let support: SignedInClient;
let marketer: SignedInClient;
let telegram: FakeTelegram;
let gateway: FakeSmsGateway;

beforeAll(async () => {
  [api, telegram, gateway] = await Promise.all([startTestApi(), startFakeTelegram(), startFakeSmsGateway()]);
  integration = await api.withToken(['ingest']);
  support = await api.loginAs('support');
  marketer = await api.loginAs('marketer');
});

afterAll(async () => {
  await Promise.all([api?.stop(), telegram?.stop(), gateway?.stop()]);
});

const flags = async (id: string) =>
  (await api.sql<{ sms: boolean; email: boolean; telegram: boolean }[]>`SELECT sub_sms AS sms, sub_email AS email, sub_telegram AS telegram FROM customers WHERE id = ${id}`)[0];
const history = async (id: string): Promise<ConsentEntry[]> => (await support.get(`/api/customers/${id}`)).body.consent;
/** When the latest opt-out of this customer and channel was made (the database's clock). */
const optedOutAt = async (id: string, channel: string) =>
  (await api.sql<{ at: Date }[]>`SELECT max(at) AS at FROM consent_events WHERE customer_id = ${id} AND channel = ${channel} AND NOT subscribed`)[0].at;
const ingest = (records: unknown[]) => integration.post('/api/customers', records);

describe('JSON ingest', () => {
  const anna = (extra: Record<string, unknown> = {}) => ({ id: 'K-1', name: 'Анна', phone: '+7 912 000-00-01', email: 'anna@example.ru', registeredAt: '2024-01-10', ...extra });

  it('keeps an opt-out made by support through re-syncs, until a consent newer than it arrives', async () => {
    expect((await ingest([anna({ subscriptions: { sms: true, email: true } })])).body.results[0]).toEqual({ index: 0, id: 'K-1', status: 'accepted' });
    expect((await support.post('/api/customers/K-1/unsubscribe', { channel: 'sms' })).body.changed).toBe(true);

    // The nightly sync still says "sms: true", as the shop's system never heard of the opt-out.
    const resync = await ingest([anna({ subscriptions: { sms: true, email: true } })]);
    expect(resync.status).toBe(200);
    expect(resync.body.results[0]).toMatchObject({ status: 'duplicate', keptOptOut: ['sms'], warnings: [{ field: 'subscriptions.sms', messageRu: expect.stringContaining('сотрудником поддержки') }] });
    expect(resync.body.summary).toMatchObject({ duplicate: 1, keptOptOut: 1 });
    expect(await flags('K-1')).toMatchObject({ sms: false, email: true });

    const at = await optedOutAt('K-1', 'sms');
    const older = await ingest([anna({ subscriptions: { sms: true }, consentAt: new Date(at.getTime() - 86_400_000).toISOString() })]);
    expect(older.body.results[0]).toMatchObject({ status: 'duplicate', keptOptOut: ['sms'] });
    expect((await flags('K-1')).sms).toBe(false);

    const newer = await ingest([anna({ subscriptions: { sms: true }, consentAt: new Date(at.getTime() + 1).toISOString() })]);
    expect(newer.body.results[0]).toEqual({ index: 0, id: 'K-1', status: 'updated' });
    expect(newer.body.summary).toMatchObject({ updated: 1, keptOptOut: 0 });
    expect((await flags('K-1')).sms).toBe(true);
  });

  it('lists every change in the customer card with its source and who made it', async () => {
    const tokenName = (await api.sql<{ name: string }[]>`SELECT name FROM api_tokens WHERE id = ${integration.tokenId}`)[0].name;
    const entries = await history('K-1');
    expect(entries.map((e) => [e.channel, e.subscribed, e.source, e.actor])).toEqual([
      ['sms', true, 'ingest', { kind: 'token', name: tokenName }],
      ['sms', false, 'support', { kind: 'user', name: support.user.name }],
      ['email', true, 'ingest', { kind: 'token', name: tokenName }],
      ['sms', true, 'ingest', { kind: 'token', name: tokenName }],
    ]);
    expect(entries[0].consentAt).toBe(new Date((await optedOutAt('K-1', 'sms')).getTime() + 1).toISOString());
    // Kept opt-outs and unchanged channels are no changes: nothing else was recorded.
    expect(entries).toHaveLength(4);
  });

  it("applies the shop's own opt-outs and re-subscriptions as they come", async () => {
    await ingest([{ id: 'K-2', registeredAt: '2024-01-10', phone: '+7 912 000-00-02', subscriptions: { sms: true } }]);
    await ingest([{ id: 'K-2', registeredAt: '2024-01-10', subscriptions: { sms: false } }]);
    expect((await flags('K-2')).sms).toBe(false);
    const again = await ingest([{ id: 'K-2', registeredAt: '2024-01-10', subscriptions: { sms: true } }]);
    expect(again.body.results[0]).toEqual({ index: 0, id: 'K-2', status: 'updated' });
    expect((await flags('K-2')).sms).toBe(true);
    expect((await history('K-2')).map((e) => [e.subscribed, e.source])).toEqual([[true, 'ingest'], [false, 'ingest'], [true, 'ingest']]);
  });

  it('refuses a consent time in the future, which would outrank every opt-out to come', async () => {
    const res = await ingest([{ id: 'K-9', registeredAt: '2024-01-10', subscriptions: { sms: true }, consentAt: '2099-01-01T00:00:00Z' }]);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', issues: [{ field: 'consentAt', messageRu: 'не может быть в будущем' }] });
    expect(await flags('K-9')).toBeUndefined();
  });
});

describe('spreadsheet import', () => {
  const csv = (rows: string[]) => new TextEncoder().encode(['Код клиента;Телефон;Дата регистрации;Подписка SMS;Дата согласия', ...rows].join('\r\n'));
  const importCsv = (rows: string[]) => marketer.post('/api/import/customers', undefined, { raw: csv(rows), headers: { 'Content-Type': 'text/csv' } });

  it('keeps opt-outs the same way and counts them in the summary', async () => {
    expect((await importCsv(['F-1;+79120000011;01.02.2024;да;', 'F-2;+79120000012;01.02.2024;да;'])).body.summary).toMatchObject({ accepted: 2, keptOptOut: 0 });
    await support.post('/api/customers/F-1/unsubscribe', { channel: 'sms' });

    const resync = await importCsv(['F-1;+79120000011;01.02.2024;да;', 'F-2;+79120000012;01.02.2024;да;']);
    expect(resync.status).toBe(200);
    expect(resync.body.summary).toMatchObject({ duplicate: 2, keptOptOut: 1 });
    expect((await flags('F-1')).sms).toBe(false);

    const at = await optedOutAt('F-1', 'sms');
    const older = await importCsv([`F-1;+79120000011;01.02.2024;да;${new Date(at.getTime() - 86_400_000).toISOString()}`]);
    expect(older.body.summary).toMatchObject({ keptOptOut: 1 });
    expect((await flags('F-1')).sms).toBe(false);

    const newer = await importCsv([`F-1;+79120000011;01.02.2024;да;${new Date(at.getTime() + 1).toISOString()}`]);
    expect(newer.body.summary).toMatchObject({ updated: 1, keptOptOut: 0 });
    expect((await flags('F-1')).sms).toBe(true);
    expect((await history('F-1')).map((e) => [e.subscribed, e.source, e.actor?.name])).toEqual([
      [true, 'import', marketer.user.name],
      [false, 'support', support.user.name],
      [true, 'import', marketer.user.name],
    ]);
  });
});

describe('provider answers', () => {
  const channels = () =>
    createChannels(
      loadChannelConfig({ TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_URL: telegram.url, SMS_API_URL: gateway.url, SMS_API_ID: gateway.apiId, CHANNEL_TIMEOUT_MS: '2000' }),
    );
  const send = (key: string, channel: 'telegram' | 'sms', recipient: string, customerId = 'P-1') =>
    recordAndSend(api.sql, channels(), { idempotencyKey: key, customerId, channel, recipient, text: 'Мы скучаем!' }, { lastAttempt: true });
  const viktor = (subscriptions: Record<string, boolean>) => ({ id: 'P-1', registeredAt: '2024-01-10', phone: '+7 912 000-00-21', telegramChatId: '4242', subscriptions });

  it('records a blocked bot and a stop-listed number as opt-outs that survive re-syncs', async () => {
    await ingest([viktor({ telegram: true, sms: true })]);
    telegram.behave('4242', { kind: 'blocked' });
    gateway.rejectNumber('79120000021', 209, 'Вы добавили этот номер в стоп-лист');

    expect(await send('consent-run-1:hello', 'telegram', '4242')).toMatchObject({ status: 'failed' });
    expect(await send('consent-run-1:sms', 'sms', '+79120000021')).toMatchObject({ status: 'failed' });
    expect(await flags('P-1')).toMatchObject({ telegram: false, sms: false });
    expect((await history('P-1')).slice(0, 2)).toEqual([
      expect.objectContaining({ channel: 'sms', subscribed: false, source: 'provider', actor: null, reason: expect.stringContaining('стоп-лист') }),
      expect.objectContaining({ channel: 'telegram', subscribed: false, source: 'provider', actor: null, reason: expect.stringContaining('blocked by the user') }),
    ]);

    const resync = await ingest([viktor({ telegram: true, sms: true })]);
    expect(resync.body.results[0]).toMatchObject({ status: 'duplicate', keptOptOut: ['sms', 'telegram'] });
    expect(await flags('P-1')).toMatchObject({ telegram: false, sms: false });
  });

  it('does not hold a customer to a refusal from a contact that is no longer theirs', async () => {
    await ingest([{ id: 'P-2', registeredAt: '2024-01-10', telegramChatId: '5151', subscriptions: { telegram: true } }]);
    telegram.behave('5150', { kind: 'blocked' });
    // The message went to the customer's old chat; they have moved to 5151 since.
    expect(await send('consent-run-2:hello', 'telegram', '5150', 'P-2')).toMatchObject({ status: 'failed' });
    expect((await flags('P-2')).telegram).toBe(true);
  });
});

describe('customers unsubscribed by support before consent was recorded', () => {
  it('keep their opt-out: the migration carries it over from the audit log and switches a re-subscribed channel off again', async () => {
    const db = await startTestDatabase();
    try {
      // The database as it was before 0110_consent.sql.
      await db.sql`DROP TABLE consent_events`;
      await db.sql`DELETE FROM schema_migrations WHERE name = '0110_consent.sql'`;
      await db.sql`
        INSERT INTO customers (id, phone, email, registered_at, sub_sms, sub_email)
        VALUES ('M-1', '+79120000031', 'm1@example.ru', now(), true, true), ('M-2', '+79120000032', NULL, now(), false, false)`;
      // Support took M-1 off SMS and M-2 off SMS; a nightly sync then silently re-subscribed M-1.
      await db.sql`
        INSERT INTO audit_log (action, entity, details, at) VALUES
          ('customer.unsubscribe', 'customer:M-1', '{"channel":"sms"}', '2025-01-15T10:00:00Z'),
          ('customer.unsubscribe', 'customer:M-2', '{"channel":"sms"}', '2025-01-16T10:00:00Z'),
          ('customer.unsubscribe', 'customer:gone', '{"channel":"sms"}', '2025-01-16T10:00:00Z')`;
      expect(await migrate(db.sql)).toEqual(['0110_consent.sql']);

      expect(await db.sql`SELECT id, sub_sms, sub_email FROM customers ORDER BY id`).toEqual([
        { id: 'M-1', sub_sms: false, sub_email: true },
        { id: 'M-2', sub_sms: false, sub_email: false },
      ]);
      expect(await db.sql`SELECT customer_id, channel, subscribed, source, at FROM consent_events ORDER BY id`).toEqual([
        { customer_id: 'M-1', channel: 'sms', subscribed: false, source: 'support', at: new Date('2025-01-15T10:00:00Z') },
        { customer_id: 'M-2', channel: 'sms', subscribed: false, source: 'support', at: new Date('2025-01-16T10:00:00Z') },
      ]);
      const resync = await upsertCustomers(db.sql, [{ id: 'M-1', registeredAt: '2024-01-10', subscriptions: { sms: true } }]);
      expect(resync.results[0]).toMatchObject({ keptOptOut: ['sms'] });
    } finally {
      await db.stop();
    }
  });
});
