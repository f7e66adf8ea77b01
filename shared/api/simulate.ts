/**
 * Request and response of `POST /api/simulate` (server/api/routes/simulate.ts, ARCHITECTURE.md §5): a dry run of a
 * document over simulated days. Times are ISO-8601 UTC strings.
 */
import { z } from 'zod';
import { PolicyRequest } from './policy';
import { RunStatus } from './support';

/**
 * Bounds that keep one simulation within a minute or two (about 10 s per 100 customers); bigger requests get 413.
 * Each order event is a timer and an activity in the driving workflow's history, which must stay far below
 * Temporal's 50,000-event limit.
 */
export const SIMULATION_LIMITS = { customers: 1_000, orders: 50_000, events: 2_000, days: 366 } as const;
/** At most this many other scenarios beside the simulated one. */
export const SIMULATION_LIMITS_OTHERS = 9;

/**
 * The request envelope. The server checks the scenario and every record itself (server/simulate/request.ts) and
 * reports all problems at once, so the records are left open here.
 */
export const SimulationRequest = z
  .object({
    scenario: z.any().meta({ description: 'A scenario/v1 document (need not be saved or published)' }),
    scenarioId: z.string().optional().meta({ description: 'The saved scenario this document is a version of: customers get the A/B variants its real runs give them. Without it, a fixed id: the same request always gives the same result' }),
    start: z.string().meta({ example: '2026-03-01T00:00:00+03:00' }),
    days: z.number().int().meta({ example: 90 }),
    customers: z.array(z.any()).meta({ description: `Customers as for POST /api/customers (at most ${SIMULATION_LIMITS.customers})` }),
    orders: z.array(z.any()).optional().meta({ description: 'Order history before `start`, as for POST /api/orders' }),
    events: z
      .array(z.union([z.object({ type: z.literal('order'), order: z.any() }), z.object({ type: z.literal('event'), event: z.any() })]))
      .optional()
      .meta({
        description:
          'What happens during the simulation: orders (`{ type: "order", order }`, at `order.placedAt`, as for POST /api/orders) and custom events (`{ type: "event", event }`, at `event.at`, as for POST /api/events); both start the scenarios whose trigger they meet. Birthdays come from the customers\' `birthDate`.',
      }),
    others: z
      .array(z.object({ scenario: z.any(), scenarioId: z.string().optional() }))
      .optional()
      .meta({ description: `Other scenario documents simulated together with this one against the same customers (at most ${SIMULATION_LIMITS_OTHERS}), so the communication policy, priorities and exclusivity groups act between them` }),
    withPublished: z.boolean().optional().meta({ description: "Simulate every published active scenario of the shop beside this one (the scenario's own published version is replaced by the document)" }),
    policy: PolicyRequest.optional().meta({ description: "A communication policy to try instead of the shop's policy in force (the default)" }),
  })
  .meta({ id: 'SimulationRequest' });
export type SimulationRequest = z.input<typeof SimulationRequest>;

const Step = z.object({ at: z.string(), nodeId: z.string(), type: z.string(), outcome: z.string(), reason: z.string().optional() });

/** One customer's run in the simulation: what they received, and when. */
export const SimulatedRun = z.object({
  customerId: z.string(),
  enteredAt: z.string(),
  version: z.number(),
  variant: z.string().nullable(),
  status: RunStatus,
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  steps: z.array(Step),
  messages: z.array(z.object({ at: z.string(), nodeId: z.string(), channel: z.string(), text: z.string(), subject: z.string().optional() })),
  bonuses: z.array(z.object({ at: z.string(), nodeId: z.string(), points: z.number(), expiresAt: z.string() })),
  tasks: z.array(z.object({ at: z.string(), nodeId: z.string(), text: z.string() })),
});
export type SimulatedRun = z.infer<typeof SimulatedRun>;

export const SimulationSummary = z.object({
  customers: z.number(),
  entered: z.number(),
  entries: z.number(),
  byStatus: z.record(z.string(), z.number()),
  variants: z.record(z.string(), z.number()),
  messages: z.object({
    total: z.number(),
    byChannel: z.record(z.string(), z.number()),
    skipped: z.number(),
    deferred: z.number().meta({ description: 'Deferrals by the communication policy (a message deferred twice counts twice)' }),
  }),
  bonusPoints: z.number(),
  tasks: z.number(),
  conversionRate: z.number(),
  simulatedDays: z.number(),
  wallClockMs: z.number(),
});
export type SimulationSummary = z.infer<typeof SimulationSummary>;

/** Why a customer the audience selected did not enter (entry_skips). */
export const NOT_ENTERED_REASONS = ['control', 'exclusive_running', 'exclusive_priority'] as const;

/** One scenario of a simulation of several. */
export const SimulatedScenario = z.object({
  scenarioId: z.string(),
  name: z.string(),
  priority: z.number(),
  exclusivityGroup: z.string().nullable(),
  /** The document of the request (the others came with it or are published). */
  main: z.boolean(),
  entered: z.number(),
  entries: z.number(),
  messages: z.number(),
  deferred: z.number(),
  /** Messages the policy skipped (over a cap past the longest deferral, or the control group). */
  skippedByPolicy: z.number(),
  notEntered: z.object({ control: z.number(), exclusive_running: z.number(), exclusive_priority: z.number() }),
});
export type SimulatedScenario = z.infer<typeof SimulatedScenario>;

/** What happened to one customer across the scenarios, in time order. */
export const CustomerTimeline = z.object({
  customerId: z.string(),
  events: z.array(
    z.object({
      at: z.string(),
      scenarioId: z.string(),
      nodeId: z.string().nullable(),
      outcome: z.enum(['sent', 'deferred', 'skipped', 'not_entered']),
      reason: z.string().nullable(),
    }),
  ),
});
export type CustomerTimeline = z.infer<typeof CustomerTimeline>;

export const SimulationResult = z
  .object({
    runs: z.array(SimulatedRun),
    summary: SimulationSummary,
    scenarios: z.array(SimulatedScenario).meta({ description: 'Every scenario simulated, the requested one first' }),
    collisions: z
      .object({
        customers: z.number().meta({ description: 'Customers touched by two scenarios or more, or whose messages the policy deferred or skipped, or who did not enter because of it' }),
        examples: z.array(CustomerTimeline).meta({ description: 'The first 50 of them, each with their timeline across scenarios' }),
      })
      .meta({ description: 'Where the scenarios met: what the policy, priorities and exclusivity did' }),
    policy: PolicyRequest.extend({ version: z.number() }).meta({ description: 'The communication policy the simulation applied' }),
  })
  .meta({ id: 'SimulationResult' });
export type SimulationResult = z.infer<typeof SimulationResult>;
