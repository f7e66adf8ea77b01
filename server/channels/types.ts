import type { Channel } from '../../shared/scenario/schema';

/** Which implementation delivers a channel; stored in `messages.provider`. */
export type ProviderName = 'sandbox' | 'smtp' | 'telegram' | 'sms-http' | 'push-webhook';

/** One message to one recipient, already rendered. */
export interface OutgoingMessage {
  /** Email address, phone number, Telegram chat id or push token, depending on the channel. */
  to: string;
  /** Email subject; push title. Ignored by SMS and Telegram. */
  subject?: string;
  text: string;
  /** Stable per run + node; passed to providers that can deduplicate on it. */
  idempotencyKey: string;
  /** Signed token of the customer's one-click unsubscribe link (`/u/<token>`) for this channel; email puts it in List-Unsubscribe. */
  unsubscribeToken?: string;
}

export interface SendResult {
  providerMessageId?: string;
  /** SMS segments billed; null for other channels. */
  segments?: number;
  /** Cost in rubles. */
  cost: number;
}

export interface ChannelAdapter {
  channel: Channel;
  provider: ProviderName;
  /**
   * Delivers the message to the provider. Throws `ChannelError`: `retryable` when trying again later can help
   * (timeouts, rate limits, provider outages), permanent otherwise (blocked by the user, invalid address).
   */
  send(message: OutgoingMessage): Promise<SendResult>;
}

/** One adapter per channel: the real provider when configured, else the sandbox outbox. */
export type Channels = Record<Channel, ChannelAdapter>;
