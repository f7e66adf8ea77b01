import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError } from '../../server/channels/errors';
import { normalizePhone, smsGatewayAdapter } from '../../server/channels/sms';
import { startFakeSmsGateway, type FakeSmsGateway } from '../fakes/smsGateway';

describe('SMS gateway (SMS.ru protocol)', () => {
  let gateway: FakeSmsGateway;
  let silent: FakeSmsGateway;
  beforeAll(async () => {
    gateway = await startFakeSmsGateway({ pricePerSegment: 2.5 });
    silent = await startFakeSmsGateway({ reportCost: false });
  });
  afterAll(async () => {
    await gateway?.stop();
    await silent?.stop();
  });

  const adapter = (g: FakeSmsGateway, apiId = g.apiId) =>
    smsGatewayAdapter({ apiUrl: g.url, apiId, sender: 'Zerno', pricePerSegment: 3.5, timeoutMs: 5_000 });

  it('sends to the normalised number and takes segments and cost from the gateway', async () => {
    const text = 'Дарим вам 100 рублей на покупку до 12.12 Ждем вас за покупкой!';
    const result = await adapter(gateway).send({ to: '+7 (912) 345-67-89', text, idempotencyKey: 'r:n' });
    expect(gateway.sent.at(-1)).toMatchObject({ to: '79123456789', text, from: 'Zerno' });
    expect(result).toEqual({ providerMessageId: gateway.sent.at(-1)!.smsId, segments: 1, cost: 2.5 });
  });

  it('bills a long Cyrillic text by segments at SMS_PRICE_PER_SEGMENT when the gateway reports no cost', async () => {
    const text = 'Напоминаем вам! У вас 1500 баллов, и мы ждём вас за покупками в нашем магазине на Димитровке.';
    expect(text.length).toBeGreaterThan(70);
    const result = await adapter(silent).send({ to: '89123456789', text, idempotencyKey: 'r:n' });
    expect(silent.sent.at(-1)!.to).toBe('79123456789');
    expect(result.segments).toBe(2);
    expect(result.cost).toBe(7);
  });

  it('classifies gateway refusals: a blocked number is final, a busy service is retried', async () => {
    gateway.rejectNumber('79990000000', 207, 'На этот номер нельзя отправлять сообщения');
    const refused = await adapter(gateway).send({ to: '79990000000', text: 'x', idempotencyKey: 'k' }).catch((e) => e);
    expect(refused).toBeInstanceOf(ChannelError);
    expect(refused).toMatchObject({ retryable: false, code: 'sms-207' });

    gateway.busy(1);
    const busy = await adapter(gateway).send({ to: '79123456789', text: 'x', idempotencyKey: 'k' }).catch((e) => e);
    expect(busy).toMatchObject({ retryable: true, code: 'sms-220' });
    await expect(adapter(gateway).send({ to: '79123456789', text: 'x', idempotencyKey: 'k' })).resolves.toMatchObject({ segments: 1 });
  });

  it('refuses a wrong api_id and a non-number permanently, without calling the gateway for the latter', async () => {
    const wrongKey = await adapter(gateway, 'nope').send({ to: '79123456789', text: 'x', idempotencyKey: 'k' }).catch((e) => e);
    expect(wrongKey).toMatchObject({ retryable: false, code: 'sms-200' });
    const calls = gateway.calls;
    const badNumber = await adapter(gateway).send({ to: 'позвонить Анне', text: 'x', idempotencyKey: 'k' }).catch((e) => e);
    expect(badNumber).toMatchObject({ retryable: false, code: 'invalid-recipient' });
    expect(gateway.calls).toBe(calls);
  });

  it('normalises Russian phone formats', () => {
    expect(normalizePhone('8 912 345-67-89')).toBe('79123456789');
    expect(normalizePhone('9123456789')).toBe('79123456789');
    expect(normalizePhone('+79123456789')).toBe('79123456789');
    expect(() => normalizePhone('12-34')).toThrow(ChannelError);
  });
});
