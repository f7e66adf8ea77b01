import { z } from 'zod';

export const CHANNELS = ['sms', 'email', 'telegram', 'push'] as const;
export const ChannelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof ChannelSchema>;

export const CHANNEL_LABELS: Record<Channel, { ru: string; en: string }> = {
  sms: { ru: 'SMS', en: 'SMS' },
  email: { ru: 'Email', en: 'Email' },
  telegram: { ru: 'Telegram', en: 'Telegram' },
  push: { ru: 'Push', en: 'Push' },
};

/** Config shared by `send` and `reminder`. */
export const MessageConfigSchema = z.strictObject({
  channel: ChannelSchema,
  fallbackChannels: z.array(ChannelSchema).max(3).optional(),
  text: z.string().min(1).max(4096),
  subject: z.string().max(200).optional(),
});
export type MessageConfig = z.infer<typeof MessageConfigSchema>;
