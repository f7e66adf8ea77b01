import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { ChannelError } from './errors';
import type { ChannelAdapter, OutgoingMessage, SendResult } from './types';

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * Email over SMTP (nodemailer). One connection per message: no idle sockets to manage between daily batches.
 * Every message with an unsubscribe token offers one-click unsubscribe (RFC 8058): `List-Unsubscribe` with the
 * https link under `publicUrl` and `List-Unsubscribe-Post`, so mail clients show their own «Отписаться» button.
 */
export function smtpAdapter(options: { url: string; from: string; timeoutMs: number; publicUrl?: string }): ChannelAdapter {
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  const domain = addressDomain(options.from);
  const linkBase = options.publicUrl?.replace(/\/+$/, '');

  return {
    channel: 'email',
    provider: 'smtp',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const unsubscribe =
        linkBase && message.unsubscribeToken
          ? { list: { unsubscribe: { url: `${linkBase}/u/${message.unsubscribeToken}` } }, headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } }
          : {};
      try {
        const info = await transport.sendMail({
          ...unsubscribe,
          from: options.from,
          to: message.to,
          subject: message.subject ?? '',
          text: message.text,
          // The same key gives the same Message-ID, so a mailbox or relay that deduplicates will drop a resend.
          messageId: `<${createHash('sha256').update(message.idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`,
        });
        if (info.rejected.length > 0) {
          throw new ChannelError(`SMTP: recipient rejected: ${info.rejected.join(', ')}`, { retryable: false, code: 'recipient-rejected' });
        }
        return { providerMessageId: info.messageId, cost: 0 };
      } catch (error) {
        throw error instanceof ChannelError ? error : classifySmtpError(error as SmtpError);
      }
    },
  };
}

/** 4xx replies and broken connections are temporary in SMTP; 5xx replies, bad addresses and bad credentials are not. */
function classifySmtpError(error: SmtpError): ChannelError {
  const reply = error.response ? `: ${error.response}` : '';
  if (error.responseCode) {
    const retryable = error.responseCode >= 400 && error.responseCode < 500;
    return new ChannelError(`SMTP ${error.responseCode}${reply || `: ${error.message}`}`, { retryable, code: `smtp-${error.responseCode}`, cause: error });
  }
  const temporary = ['ETIMEDOUT', 'ESOCKET', 'ECONNECTION', 'EDNS', 'ECONNREFUSED', 'ECONNRESET'].includes(error.code ?? '');
  return new ChannelError(`SMTP: ${error.message}`, { retryable: temporary, code: (error.code ?? 'smtp-error').toLowerCase(), cause: error });
}

function addressDomain(from: string): string {
  const match = /@([^\s>]+)/.exec(from);
  return match ? match[1] : 'comeback.local';
}
