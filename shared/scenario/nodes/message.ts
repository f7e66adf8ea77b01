import { z } from 'zod';
import { CHANNELS, type Channel } from '../channels';

export { CHANNELS, type Channel } from '../channels';
export const ChannelSchema = z.enum(CHANNELS);

/** Config shared by `send` and `reminder`. */
export const MessageConfigSchema = z.strictObject({
  channel: ChannelSchema,
  fallbackChannels: z.array(ChannelSchema).max(3).optional(),
  text: z.string().min(1).max(4096),
  subject: z.string().max(200).optional(),
  /**
   * A service message the customer is owed (e.g. "your points expire"): exempt from the shop's communication caps,
   * and not counted by them. The global control group still never gets it (its customers never enter).
   */
  service: z.boolean().optional(),
  /**
   * Hold the message until the hour this customer usually buys at (the most frequent local hour of their latest
   * orders, with at least 3), else until the scenario's hour (its daily trigger's time), both on the customer's clock;
   * quiet hours still apply after it.
   */
  atCustomerHour: z.boolean().optional(),
});
export type MessageConfig = z.infer<typeof MessageConfigSchema>;

/** A message text cut for a node summary: whole words, an ellipsis when shortened. */
export function shortText(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}
