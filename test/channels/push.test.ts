import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushWebhookAdapter } from '../../server/channels/push';
import { startFakePushReceiver, type FakePushReceiver } from '../fakes/pushReceiver';

describe('push via webhook', () => {
  let receiver: FakePushReceiver;
  beforeAll(async () => {
    receiver = await startFakePushReceiver('webhook-secret');
  });
  afterAll(() => receiver?.stop());

  const adapter = (secret?: string) => pushWebhookAdapter({ url: receiver.url, secret, timeoutMs: 5_000 });

  it('posts token, title, body and idempotency key with a valid HMAC signature', async () => {
    const result = await adapter('webhook-secret').send({ to: 'device-token-1', subject: 'Подарок до завтра!', text: '200 баллов ждут вас', idempotencyKey: 'r1:push' });
    expect(receiver.received.at(-1)).toEqual({
      token: 'device-token-1',
      title: 'Подарок до завтра!',
      body: '200 баллов ждут вас',
      idempotencyKey: 'r1:push',
      headerKey: 'r1:push',
    });
    expect(result.providerMessageId).toMatch(/^push-\d+$/);
  });

  it('lets the receiver drop a resend with the same idempotency key', async () => {
    const message = { to: 'device-token-2', text: 'x', idempotencyKey: 'r2:push' };
    const first = await adapter('webhook-secret').send(message);
    const again = await adapter('webhook-secret').send(message);
    expect(again.providerMessageId).toBe(first.providerMessageId);
    expect(receiver.received.filter((p) => p.idempotencyKey === 'r2:push')).toHaveLength(1);
  });

  it('is refused when the signature is made with another secret or missing', async () => {
    const wrong = await adapter('other-secret').send({ to: 't', text: 'x', idempotencyKey: 'k' }).catch((e) => e);
    const unsigned = await adapter().send({ to: 't', text: 'x', idempotencyKey: 'k' }).catch((e) => e);
    expect(wrong).toMatchObject({ retryable: false, code: 'http-401' });
    expect(unsigned).toMatchObject({ retryable: false, code: 'http-401' });
    expect(receiver.badSignatures).toBe(2);
  });

  it('treats 410 Gone as final and 503 as retryable', async () => {
    receiver.respond('uninstalled', 410);
    receiver.respond('busy', 503, 1);
    await expect(adapter('webhook-secret').send({ to: 'uninstalled', text: 'x', idempotencyKey: 'a' })).rejects.toMatchObject({ retryable: false, code: 'http-410' });
    await expect(adapter('webhook-secret').send({ to: 'busy', text: 'x', idempotencyKey: 'b' })).rejects.toMatchObject({ retryable: true, code: 'http-503' });
    await expect(adapter('webhook-secret').send({ to: 'busy', text: 'x', idempotencyKey: 'b' })).resolves.toMatchObject({ cost: 0 });
  });
});
