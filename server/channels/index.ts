import type { ChannelConfig } from './config';
import { smtpAdapter } from './email';
import { pushWebhookAdapter } from './push';
import { sandboxAdapter } from './sandbox';
import { smsGatewayAdapter } from './sms';
import { telegramAdapter } from './telegram';
import type { Channels } from './types';

export { loadChannelConfig, type ChannelConfig } from './config';
export { ChannelError } from './errors';
export { recordAndSend, type OutboxMessage, type OutboxResult } from './outbox';
export type { ChannelAdapter, Channels, OutgoingMessage, ProviderName, SendResult } from './types';

/** Per channel, the real provider when its environment variables are set, else the sandbox outbox. */
export function createChannels(config: ChannelConfig): Channels {
  const timeoutMs = config.CHANNEL_TIMEOUT_MS;
  return {
    email:
      config.SMTP_URL && config.SMTP_FROM
        ? smtpAdapter({ url: config.SMTP_URL, from: config.SMTP_FROM, timeoutMs, publicUrl: config.PUBLIC_URL })
        : sandboxAdapter('email'),
    telegram: config.TELEGRAM_BOT_TOKEN
      ? telegramAdapter({ token: config.TELEGRAM_BOT_TOKEN, apiUrl: config.TELEGRAM_API_URL, timeoutMs })
      : sandboxAdapter('telegram'),
    sms:
      config.SMS_API_URL && config.SMS_API_ID
        ? smsGatewayAdapter({
            apiUrl: config.SMS_API_URL,
            apiId: config.SMS_API_ID,
            sender: config.SMS_SENDER,
            pricePerSegment: config.SMS_PRICE_PER_SEGMENT,
            timeoutMs,
          })
        : sandboxAdapter('sms'),
    push: config.PUSH_WEBHOOK_URL
      ? pushWebhookAdapter({ url: config.PUSH_WEBHOOK_URL, secret: config.PUSH_WEBHOOK_SECRET, timeoutMs })
      : sandboxAdapter('push'),
  };
}

/** One line for the startup log, e.g. `email: smtp, sms: sandbox, telegram: telegram, push: sandbox`. */
export function describeChannels(channels: Channels): string {
  return Object.values(channels)
    .map((adapter) => `${adapter.channel}: ${adapter.provider}`)
    .join(', ');
}
