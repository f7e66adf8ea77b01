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
        control: z.number().int().meta({ description: 'Of the rest, in the global control group: they never enter any scenario' }),
        exclusive: z
          .number()
          .int()
          .meta({ description: 'Of the rest, held by another scenario of the same exclusivity group: in a live run of it, or it has a higher priority and wants them today' }),
        exclusiveBy: z
          .array(
            z.object({
              scenarioId: z.string(),
              name: z.string(),
              reason: z.enum(['running', 'priority']).meta({ description: '`running`: in a live run of it; `priority`: it outranks this scenario and takes them today' }),
              customers: z.number().int(),
            }),
          )
          .meta({ description: '`exclusive` by the scenario that holds them, most first' }),
        entering: z.number().int().meta({ description: 'Would enter if the scenario ran now' }),
      })
      .nullable(),
    overlap: z
      .object({
        base: z.number().int().meta({ description: 'Customers who would enter but for the exclusivity group: the ones compared (entering + exclusive)' }),
        scenarios: z.array(
          z.object({
            scenarioId: z.string(),
            name: z.string(),
            priority: z.number().int(),
            group: z.string().nullable().meta({ description: 'Its exclusivity group' }),
            sameGroup: z.boolean().meta({ description: 'In the same exclusivity group as this scenario: a customer enters only one of them' }),
            wins: z.boolean().meta({ description: 'Same exclusivity group and outranks this scenario: the shared customers go there' }),
            customers: z.number().int().meta({ description: 'Of `base`, in its audience today (its condition and frequency limit)' }),
          }),
        ),
        omitted: z.number().int().meta({ description: 'Other active scenarios not compared (at most 20 are: those of the same group first, then by priority)' }),
      })
      .nullable()
      .meta({ description: 'How many of these customers are today also in the audiences of the other published active scenarios' }),
    policy: z
      .object({
        version: z.number().int().meta({ description: 'The communication policy in force (0: never set)' }),
        controlSharePct: z.number(),
        maxDelayDays: z.number().int(),
        caps: z
          .array(
            z.object({
              channel: z.string(),
              period: z.enum(['day', 'week', 'month']),
              max: z.number().int(),
              customers: z.number().int().meta({ description: 'Entering customers who already reached this cap in their current local period' }),
            }),
          )
          .meta({ description: "Per cap of the policy: entering customers whose messages it would defer now (counted in the customer's zone, else the scenario's)" }),
        atAnyCap: z.number().int().meta({ description: 'Entering customers who already reached at least one cap' }),
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
