/**
 * The channels a message can go by (ARCHITECTURE.md §3), in display order. Without zod, so that workflow code and the
 * condition evaluator can use the list; the schema of a channel is ChannelSchema in ./nodes/message.ts.
 */
export const CHANNELS = ['sms', 'email', 'telegram', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];
