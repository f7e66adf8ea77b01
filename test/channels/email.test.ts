import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpAdapter } from '../../server/channels/email';
import { ChannelError } from '../../server/channels/errors';
import { freePort } from '../../server/infra/freePort';
import { startFakeSmtp, type FakeSmtp } from '../fakes/smtp';

describe('email over SMTP', () => {
  let smtp: FakeSmtp;
  beforeAll(async () => {
    smtp = await startFakeSmtp();
  });
  afterAll(() => smtp?.stop());

  const from = 'Кофейня «Зерно» <hello@zerno.example>';

  it('delivers a Russian message with subject, sender and recipient intact', async () => {
    const email = smtpAdapter({ url: smtp.url, from, timeoutMs: 5_000 });
    const result = await email.send({
      to: 'anna@example.ru',
      subject: 'Мы скучаем, Анна!',
      text: 'Анна, давно не виделись! Дарим 180 баллов до 12.12 ☕',
      idempotencyKey: 'run-1:hello',
    });

    const mail = smtp.received.at(-1)!;
    expect(mail.envelope).toEqual({ from: 'hello@zerno.example', to: ['anna@example.ru'] });
    expect(mail.subject).toBe('Мы скучаем, Анна!');
    expect(mail.from).toBe('Кофейня «Зерно» <hello@zerno.example>');
    expect(mail.to).toBe('anna@example.ru');
    expect(mail.contentType).toMatch(/text\/plain; charset=utf-8/i);
    expect(mail.text.trim()).toBe('Анна, давно не виделись! Дарим 180 баллов до 12.12 ☕');
    expect(result.providerMessageId).toBe(mail.messageId);
    expect(result.cost).toBe(0);
  });

  it('derives the Message-ID from the idempotency key, so a resend is recognisable', async () => {
    const email = smtpAdapter({ url: smtp.url, from, timeoutMs: 5_000 });
    const message = { to: 'oleg@example.ru', subject: 'Подарок', text: 'Текст', idempotencyKey: 'run-2:offer' };
    const first = await email.send(message);
    const second = await email.send(message);
    const other = await email.send({ ...message, idempotencyKey: 'run-3:offer' });
    expect(second.providerMessageId).toBe(first.providerMessageId);
    expect(other.providerMessageId).not.toBe(first.providerMessageId);
    expect(first.providerMessageId).toMatch(/^<[0-9a-f]{32}@zerno\.example>$/);
  });

  it('treats a 5xx recipient refusal as permanent and a 4xx one as retryable', async () => {
    smtp.rejectRecipient('gone@example.ru', 550, 'Mailbox unavailable');
    smtp.rejectRecipient('full@example.ru', 452, 'Mailbox full, try later');
    const email = smtpAdapter({ url: smtp.url, from, timeoutMs: 5_000 });
    const gone = await email.send({ to: 'gone@example.ru', text: 'x', idempotencyKey: 'k1' }).catch((e) => e);
    const full = await email.send({ to: 'full@example.ru', text: 'x', idempotencyKey: 'k2' }).catch((e) => e);
    expect(gone).toBeInstanceOf(ChannelError);
    expect(gone).toMatchObject({ retryable: false, code: 'smtp-550' });
    expect(full).toBeInstanceOf(ChannelError);
    expect(full).toMatchObject({ retryable: true, code: 'smtp-452' });
  });

  it('refuses wrong credentials permanently', async () => {
    const wrong = smtp.url.replace(':secret@', ':wrong@');
    const email = smtpAdapter({ url: wrong, from, timeoutMs: 5_000 });
    const error = await email.send({ to: 'anna@example.ru', text: 'x', idempotencyKey: 'k3' }).catch((e) => e);
    expect(error).toMatchObject({ retryable: false, code: 'smtp-535' });
  });

  it('reports an unreachable server as retryable', async () => {
    const port = await freePort();
    const email = smtpAdapter({ url: `smtp://127.0.0.1:${port}`, from, timeoutMs: 5_000 });
    const error = await email.send({ to: 'anna@example.ru', text: 'x', idempotencyKey: 'k4' }).catch((e) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error.retryable).toBe(true);
  });
});
