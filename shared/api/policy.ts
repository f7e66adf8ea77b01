/**
 * The shop's communication policy (server/api/routes/policy.ts, issue 14): caps on messages per customer across all
 * scenarios, how long a message over a cap may be deferred, and the global control group's share.
 */
import { z } from 'zod';
import { CHANNELS } from '../scenario/channels';

export const CapSchema = z
  .strictObject({
    channel: z.enum([...CHANNELS, 'all']).meta({ description: "A channel, or `all` for every message whatever its channel" }),
    period: z.enum(['day', 'week', 'month']).meta({ description: "The customer's local calendar day, ISO week (Monday–Sunday) or month" }),
    max: z.number().int().min(1).max(100).meta({ description: 'At most this many messages in the period' }),
  })
  .meta({ id: 'Cap', example: { channel: 'all', period: 'week', max: 2 } });

export const PolicyRequest = z
  .strictObject({
    caps: z
      .array(CapSchema)
      .max(16)
      .refine((caps) => new Set(caps.map((c) => `${c.channel}:${c.period}`)).size === caps.length, {
        message: 'One cap per channel and period / Одно ограничение на канал и период',
      }),
    maxDelayDays: z
      .number()
      .int()
      .min(0)
      .max(30)
      .meta({ description: 'A message over a cap waits for the first moment every cap allows, at most this many days; 0: skipped at once' }),
    controlGroup: z
      .strictObject({
        sharePct: z
          .number()
          .min(0)
          .max(50)
          .multipleOf(0.1)
          .meta({ description: 'Share of all customers who get no marketing message from any scenario (0 – none)' }),
      })
      .meta({ description: 'The global control group: membership is a stable hash of the customer id; a larger share keeps every earlier member' }),
  })
  .meta({ id: 'PolicyRequest', example: { caps: [{ channel: 'all', period: 'day', max: 1 }, { channel: 'all', period: 'week', max: 2 }], maxDelayDays: 3, controlGroup: { sharePct: 5 } } });
export type PolicyRequest = z.infer<typeof PolicyRequest>;

export const Policy = PolicyRequest.extend({
  version: z.number().int().meta({ description: 'Version of the policy in force; 0: never set (no caps, no control group)' }),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
}).meta({ id: 'Policy' });
export type Policy = z.infer<typeof Policy>;

export const PolicyHistory = z.object({ versions: z.array(Policy) }).meta({ id: 'PolicyHistory' });
export type PolicyHistory = z.infer<typeof PolicyHistory>;

/** In force when the shop never set a policy: nothing capped, nobody held out. */
export const DEFAULT_POLICY: PolicyRequest = { caps: [], maxDelayDays: 3, controlGroup: { sharePct: 0 } };
