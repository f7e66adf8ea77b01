import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { upsertCustomers } from '../../server/ingest/customers';
import { deliverCall, type WebhookTransport } from '../../server/webhooks/call';
import { createEndpoint, endpointForCall } from '../../server/webhooks/endpoints';
import { startFakeWebhookReceiver, type FakeWebhookReceiver } from '../fakes/webhookReceiver';
import { startTestDatabase, type TestDatabase } from '../support/postgres';
import { until } from '../support/until';

// One webhook call, attempt by attempt, against real PostgreSQL and a receiver on loopback that checks signatures:
// what a retry may send again and what it may not.

const LIVE = { kind: 'live', timeoutMs: 2_000, allowHttpLoopback: true } as const satisfies WebhookTransport;

let db: TestDatabase;
let receiver: FakeWebhookReceiver;
let target: { name: string; url: string; secret: string };
let n = 0;

beforeAll(async () => {
  [db, receiver] = await Promise.all([startTestDatabase(), startFakeWebhookReceiver()]);
  await upsertCustomers(db.sql, [{ id: 'C1', name: 'Анна', registeredAt: '2025-01-01T00:00:00Z' }]);
  const { secret } = await createEndpoint(db.sql, { name: 'CRM', url: receiver.url }, { userId: null, tokenId: null }, { allowHttpLoopback: true });
  receiver.useSecret(secret);
  target = (await endpointForCall(db.sql, 'CRM'))!;
}, 120_000);
afterAll(async () => {
  await receiver?.stop();
  await db?.stop();
});
beforeEach(() => {
  receiver.requests.length = 0;
});

/** A recorded call (as the activity writes it) under a fresh key. */
async function recordCall(): Promise<string> {
  const key = `run-${++n}:hook`;
  await db.sql`
    INSERT INTO webhook_calls (idempotency_key, customer_id, endpoint_name, body)
    VALUES (${key}, 'C1', 'CRM', ${JSON.stringify({ id: key, customerId: 'C1', data: { n } })})`;
  return key;
}

const call = async (key: string) => (await db.sql<{ status: string; attempts: number; error: string | null }[]>`SELECT status, attempts, error FROM webhook_calls WHERE idempotency_key = ${key}`)[0];

describe('a webhook call', () => {
  it('answered 2xx is delivered once: a repeated attempt returns the recorded answer and sends nothing', async () => {
    const key = await recordCall();
    await expect(deliverCall(db.sql, key, target, LIVE, { attempt: 1, lastAttempt: false })).resolves.toEqual({ status: 200, attempts: 1 });
    await expect(deliverCall(db.sql, key, target, LIVE, { attempt: 2, lastAttempt: false })).resolves.toEqual({ status: 200, attempts: 1 });
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0].idempotencyKey).toBe(key);
    expect(await call(key)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('refused with a 4xx is final: no retry sends it again, and the answer read is capped', async () => {
    const key = await recordCall();
    receiver.script(422);
    const refusal = { type: 'WebhookRefused', nonRetryable: true };
    await expect(deliverCall(db.sql, key, target, LIVE, { attempt: 1, lastAttempt: false })).rejects.toMatchObject(refusal);
    await expect(deliverCall(db.sql, key, target, LIVE, { attempt: 2, lastAttempt: false })).rejects.toMatchObject({ ...refusal, message: expect.stringMatching(/^HTTP 422 «/) });
    expect(receiver.requests).toHaveLength(1);
    const { error } = await call(key);
    expect(error!.length).toBeLessThan(120);
  });

  it('a redirect is not followed: the signed data goes nowhere else', async () => {
    const key = await recordCall();
    receiver.script(302);
    await expect(deliverCall(db.sql, key, target, LIVE, { attempt: 1, lastAttempt: false })).rejects.toMatchObject({ nonRetryable: true, message: expect.stringMatching(/перенаправления не выполняются/) });
    expect(receiver.requests).toHaveLength(1);
  });

  it('unanswered within the timeout stays pending for a retry, which sends the same body again', async () => {
    const key = await recordCall();
    receiver.script('hang');
    await expect(deliverCall(db.sql, key, target, { ...LIVE, timeoutMs: 200 }, { attempt: 1, lastAttempt: false })).rejects.toMatchObject({
      nonRetryable: false,
      message: 'нет ответа за 0,2 с',
    });
    expect(await call(key)).toMatchObject({ status: 'pending', attempts: 1 });
    await expect(deliverCall(db.sql, key, target, LIVE, { attempt: 2, lastAttempt: false })).resolves.toEqual({ status: 200, attempts: 2 });
    expect(receiver.requests.map((r) => r.raw)).toEqual([receiver.requests[0].raw, receiver.requests[0].raw]);
  });

  it('while one attempt is sending, another sends nothing and is told to come back', async () => {
    const key = await recordCall();
    receiver.script('hang');
    const first = deliverCall(db.sql, key, target, { ...LIVE, timeoutMs: 1_500 }, { attempt: 1, lastAttempt: false }).catch((e: Error) => e);
    await until('the first attempt to reach the receiver', () => receiver.requests.length === 1);
    await expect(deliverCall(db.sql, key, target, LIVE, { attempt: 2, lastAttempt: false })).rejects.toMatchObject({ nonRetryable: false, type: 'WebhookInFlight' });
    expect(receiver.requests).toHaveLength(1);
    await first;
  });

  it('a 5xx on the last attempt fails the call for good, saying how many attempts there were', async () => {
    const key = await recordCall();
    receiver.script(503, 503);
    await expect(deliverCall(db.sql, key, target, LIVE, { attempt: 1, lastAttempt: false })).rejects.toMatchObject({ nonRetryable: false });
    await expect(deliverCall(db.sql, key, target, LIVE, { attempt: 2, lastAttempt: true })).rejects.toMatchObject({
      nonRetryable: true,
      message: expect.stringMatching(/^2 попытки, последняя — HTTP 503/),
    });
    expect(await call(key)).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('an http address is refused at call time once the development flag is off', async () => {
    const key = await recordCall();
    await expect(deliverCall(db.sql, key, target, { ...LIVE, allowHttpLoopback: false }, { attempt: 1, lastAttempt: false })).rejects.toMatchObject({
      nonRetryable: true,
      message: expect.stringMatching(/^адрес вебхука не подходит/),
    });
    expect(receiver.requests).toHaveLength(0);
  });
});
