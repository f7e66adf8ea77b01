import type { Channel } from '../../shared/scenario/schema';
import { smsSegments } from '../../shared/messages/sms';
import type { ChannelAdapter, OutgoingMessage, SendResult } from './types';

/**
 * The sandbox outbox: the message is only recorded (status `sandbox` in `messages`, shown in the UI). Used for
 * every channel whose provider is not configured, so a fresh install can never message real customers.
 * SMS segments are still counted so marketers see what the text would cost.
 */
export function sandboxAdapter(channel: Channel): ChannelAdapter {
  return {
    channel,
    provider: 'sandbox',
    async send(message: OutgoingMessage): Promise<SendResult> {
      return channel === 'sms' ? { segments: smsSegments(message.text).segments, cost: 0 } : { cost: 0 };
    },
  };
}
