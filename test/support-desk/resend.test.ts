import { afterAll, beforeAll, expect, it } from 'vitest';
import { upsertCustomers } from '../../server/ingest/customers';
import { startFakeSmsGateway, type FakeSmsGateway } from '../fakes/smsGateway';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';

/** Resending a failed message from the support desk goes out once, however many times (and at once) it is clicked. */

let gateway: FakeSmsGateway;
let api: TestApi;
let support: SignedInClient;
const savedEnv = { SMS_API_URL: process.env.SMS_API_URL, SMS_API_ID: process.env.SMS_API_ID };

beforeAll(async () => {
  gateway = await startFakeSmsGateway();
  // The resend route sends through the providers configured in the environment, as the worker does.
  process.env.SMS_API_URL = gateway.url;
  process.env.SMS_API_ID = gateway.apiId;
  api = await startTestApi();
  support = await api.loginAs('support');
});

afterAll(async () => {
  await api?.stop();
  await gateway?.stop();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function failedSms(customerId: string, phone: string, key: string): Promise<number> {
  await upsertCustomers(api.sql, [{ id: customerId, name: 'Пётр Лебедев', phone, registeredAt: '2024-04-10T12:00:00+03:00', subscriptions: { sms: true, email: false, telegram: false, push: false } }]);
  const [message] = await api.sql<{ id: number }[]>`
    INSERT INTO messages (idempotency_key, customer_id, channel, recipient, text, status, provider, error)
    VALUES (${key}, ${customerId}, 'sms', ${phone}, 'Пётр, мы скучаем!', 'failed', 'sms-http', 'gateway: 500') RETURNING id`;
  return message.id;
}

const sentTo = (phone: string) => gateway.sent.filter((s) => s.to === phone.replace(/^\+/, '')).length;

it('40 parallel clicks on "resend" send the message once; the others are told it was already resent', async () => {
  const id = await failedSms('RS-1', '+79165550001', 'run-rs1:hello');
  const answers = await Promise.all(Array.from({ length: 40 }, () => support.post(`/api/messages/${id}/resend`, {})));

  const sent = answers.filter((a) => a.status === 200);
  expect(sent).toHaveLength(1);
  expect(sent[0].body).toMatchObject({ originalId: id, status: 'sent' });
  const refused = answers.filter((a) => a.status !== 200);
  expect(refused).toHaveLength(39);
  for (const r of refused) {
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('already_resent');
    expect(r.body.error.resend.messageId).toBe(sent[0].body.messageId);
    expect(r.body.error.message).toMatch(/уже отправлено повторно/);
  }

  expect(sentTo('+79165550001')).toBe(1);
  const rows = await api.sql<{ idempotency_key: string; status: string }[]>`SELECT idempotency_key, status FROM messages WHERE customer_id = 'RS-1' ORDER BY id`;
  expect(rows).toEqual([
    { idempotency_key: 'run-rs1:hello', status: 'failed' },
    { idempotency_key: 'run-rs1:hello:resend', status: 'sent' },
  ]);
  const audited = await api.sql`SELECT 1 FROM audit_log WHERE action = 'message.resend' AND entity = ${`message:${id}`}`;
  expect(audited).toHaveLength(1);

  // A later click says so too, with the resend's id and status, in the language asked for.
  const later = await support.post(`/api/messages/${id}/resend`, {}, { headers: { 'Accept-Language': 'en' } });
  expect(later.status).toBe(409);
  expect(later.body.error).toMatchObject({ code: 'already_resent', resend: { messageId: sent[0].body.messageId, status: 'sent' } });
  expect(later.body.error.message).toMatch(/already resent/);
  expect(sentTo('+79165550001')).toBe(1);
});

it('a resend that failed in turn may itself be resent once', async () => {
  const id = await failedSms('RS-2', '+79165550002', 'run-rs2:hello');
  gateway.busy(1);
  const first = await support.post(`/api/messages/${id}/resend`, {});
  expect(first.status).toBe(200);
  expect(first.body.status).toBe('failed');

  const again = await support.post(`/api/messages/${id}/resend`, {});
  expect(again.status).toBe(409);
  expect(again.body.error.resend).toEqual({ messageId: first.body.messageId, status: 'failed' });

  const second = await support.post(`/api/messages/${first.body.messageId}/resend`, {});
  expect(second.status).toBe(200);
  expect(second.body).toMatchObject({ originalId: first.body.messageId, status: 'sent' });
  expect((await support.post(`/api/messages/${first.body.messageId}/resend`, {})).body.error.code).toBe('already_resent');
  expect(sentTo('+79165550002')).toBe(1);
  const keys = await api.sql<{ idempotency_key: string }[]>`SELECT idempotency_key FROM messages WHERE customer_id = 'RS-2' ORDER BY id`;
  expect(keys.map((k) => k.idempotency_key)).toEqual(['run-rs2:hello', 'run-rs2:hello:resend', 'run-rs2:hello:resend:resend']);
});
