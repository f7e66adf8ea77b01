import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError } from '../../server/channels/errors';
import { telegramAdapter } from '../../server/channels/telegram';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram';

describe('Telegram Bot API', () => {
  let telegram: FakeTelegram;
  beforeAll(async () => {
    telegram = await startFakeTelegram();
  });
  afterAll(() => telegram?.stop());

  const adapter = (timeoutMs = 5_000) => telegramAdapter({ token: telegram.token, apiUrl: telegram.url, timeoutMs });

  it('sends the text to the chat and keeps Telegram’s message id', async () => {
    const result = await adapter().send({ to: '100200300', text: 'Анна, у вас 1500 баллов 🎁', idempotencyKey: 'r1:n1' });
    expect(telegram.sent.at(-1)).toEqual({ chatId: '100200300', text: 'Анна, у вас 1500 баллов 🎁', messageId: Number(result.providerMessageId) });
    expect(result.cost).toBe(0);
  });

  it('treats "bot was blocked by the user" and "chat not found" as permanent', async () => {
    telegram.behave('111', { kind: 'blocked' });
    telegram.behave('222', { kind: 'chat-not-found' });
    const blocked = await adapter().send({ to: '111', text: 'x', idempotencyKey: 'k' }).catch((e) => e);
    const missing = await adapter().send({ to: '222', text: 'x', idempotencyKey: 'k' }).catch((e) => e);
    expect(blocked).toBeInstanceOf(ChannelError);
    expect(blocked).toMatchObject({ retryable: false, code: 'blocked', message: 'Telegram: Forbidden: bot was blocked by the user' });
    expect(missing).toMatchObject({ retryable: false, code: 'bad-request' });
  });

  it('retries after a 429 with Telegram’s retry_after, and after a 5xx', async () => {
    telegram.behave('333', { kind: 'rate-limited', retryAfter: 7, times: 1 });
    const limited = await adapter().send({ to: '333', text: 'x', idempotencyKey: 'k' }).catch((e) => e);
    expect(limited).toMatchObject({ retryable: true, code: 'rate-limited', retryAfterMs: 7_000 });
    await expect(adapter().send({ to: '333', text: 'x', idempotencyKey: 'k' })).resolves.toMatchObject({ cost: 0 });

    telegram.behave('444', { kind: 'server-error', times: 1 });
    const outage = await adapter().send({ to: '444', text: 'x', idempotencyKey: 'k' }).catch((e) => e);
    expect(outage).toMatchObject({ retryable: true, code: 'http-502' });
  });

  it('gives up on a request that gets no answer and calls it retryable', async () => {
    telegram.behave('555', { kind: 'hang' });
    const error = await adapter(300).send({ to: '555', text: 'x', idempotencyKey: 'k' }).catch((e) => e);
    expect(error).toMatchObject({ retryable: true, code: 'timeout' });
  });

  it('refuses a text longer than Telegram takes without calling the API', async () => {
    const calls = telegram.calls;
    const error = await adapter().send({ to: '100200300', text: 'я'.repeat(4097), idempotencyKey: 'k' }).catch((e) => e);
    expect(error).toMatchObject({ retryable: false, code: 'too-long' });
    expect(telegram.calls).toBe(calls);
  });

  it('reports a wrong bot token as a permanent error', async () => {
    const wrong = telegramAdapter({ token: '1:wrong', apiUrl: telegram.url, timeoutMs: 5_000 });
    const error = await wrong.send({ to: '100200300', text: 'x', idempotencyKey: 'k' }).catch((e) => e);
    expect(error).toMatchObject({ retryable: false, code: 'unauthorized' });
  });
});
