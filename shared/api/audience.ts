/**
 * The audience estimate of a scenario (server/api/routes/audience.ts): its size now, reachable channels and the cost
 * of a run, and real customers to simulate. Times are ISO-8601 UTC strings.
 */
import { z } from 'zod';
import { CustomerRecord, OrderItem } from './customers';

/** Customers (or messages) per channel; `none`: on no channel. */
export const ChannelCounts = z.object({ sms: z.number(), email: z.number(), telegram: z.number(), push: z.number(), none: z.number() });
export type ChannelCounts = z.infer<typeof ChannelCounts>;

/** Prices the estimate used: the same fields as `Prices` (shared/api/settings.ts), not limited to the accepted range. */
const UsedPrices = z.object({ smsPerSegment: z.number(), email: z.number(), telegram: z.number(), push: z.number() });

export const AudienceReport = z
  .object({
    computedAt: z.string().meta({ description: 'The moment the audience was evaluated (ISO-8601 UTC)' }),
    available: z.boolean().meta({ description: 'False when the audience cannot be computed yet; `reason` says why' }),
    reason: z.string().optional(),
    filterNodeId: z.string().nullable(),
    frequencyLimitNodeId: z.string().nullable(),
    size: z
      .object({
        matching: z.number().int().meta({ description: 'Customers matching the audience filter now' }),
        limited: z.number().int().meta({ description: 'Of those, stopped by the frequency limit after the filter' }),
        inRun: z.number().int().meta({ description: 'Of those, already in a live run of this scenario' }),
        entering: z.number().int().meta({ description: 'Would enter if the scenario ran now' }),
      })
      .nullable(),
    reachable: z
      .object({ sms: z.number().int(), email: z.number().int(), telegram: z.number().int(), push: z.number().int(), none: z.number().int() })
      .nullable()
      .meta({ description: 'Entering customers reachable on each channel (subscribed with a contact); none: on no channel' }),
    firstMessage: z
      .object({ nodeId: z.string(), channels: ChannelCounts.meta({ description: 'The channel each entering customer gets it on (fallbacks applied)' }) })
      .nullable(),
    cost: z
      .object({
        customers: z.number().int(),
        messages: z.array(
          z.object({
            nodeId: z.string(),
            type: z.enum(['send', 'reminder']),
            share: z.number(),
            smsSegments: z.number().int(),
            recipients: ChannelCounts,
            channelsForAll: ChannelCounts,
            cost: z.number(),
          }),
        ),
        byChannel: z.record(z.string(), z.object({ messages: z.number(), segments: z.number(), cost: z.number() })),
        total: z.number(),
        perCustomer: z.number(),
        bonusPoints: z.number(),
        prices: UsedPrices,
      })
      .nullable()
      .meta({ description: 'Upper-bound cost of one run for the entering customers, in roubles (nobody buys, costliest branches)' }),
  })
  .meta({ id: 'AudienceReport' });
export type AudienceReport = z.infer<typeof AudienceReport>;

/** Body of POST /api/scenarios/audience. */
export const AudienceRequest = z.object({
  document: z.any().meta({ description: 'A scenario/v1 document; the rest of the draft need not be valid', type: 'object' }),
  scenarioId: z.uuid().optional().meta({ description: 'The scenario it belongs to: excludes its live runs and counts its own entries for the frequency limit' }),
});
export type AudienceRequest = z.input<typeof AudienceRequest>;

/** One of their orders, as POST /api/orders takes one. */
const SampleOrder = z.object({
  id: z.string(),
  customerId: z.string(),
  amount: z.number(),
  placedAt: z.string(),
  bonusSpent: z.number(),
  items: z.array(OrderItem).optional(),
});

export const AudienceSampleCustomer = z
  .object({
    matches: z.boolean().meta({ description: 'Whether the customer is in the audience now' }),
    customer: CustomerRecord.meta({ description: 'As for POST /api/customers, ready for POST /api/simulate' }),
    orders: z.array(SampleOrder).meta({ description: 'Their orders, as for POST /api/orders (latest 100)' }),
    stats: z.object({ orderCount: z.number(), totalSpent: z.number(), lastOrderAt: z.string().nullable() }),
  })
  .meta({ id: 'AudienceSampleCustomer' });
export type AudienceSampleCustomer = z.infer<typeof AudienceSampleCustomer>;

export const AudienceSample = z.object({ customers: z.array(AudienceSampleCustomer) });
export type AudienceSample = z.infer<typeof AudienceSample>;
