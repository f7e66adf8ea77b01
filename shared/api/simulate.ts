/**
 * Request and response of `POST /api/simulate` (server/api/routes/simulate.ts, ARCHITECTURE.md §5): a dry run of a
 * document over simulated days. Times are ISO-8601 UTC strings.
 */
import { z } from 'zod';
import { RunStatus } from './support';

/**
 * Bounds that keep one simulation within a minute or two (about 10 s per 100 customers); bigger requests get 413.
 * Each order event is a timer and an activity in the driving workflow's history, which must stay far below
 * Temporal's 50,000-event limit.
 */
export const SIMULATION_LIMITS = { customers: 1_000, orders: 50_000, events: 2_000, days: 366 } as const;

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
    events: z.array(z.object({ type: z.literal('order'), order: z.any() })).optional().meta({ description: 'Orders placed during the simulation, at `order.placedAt`' }),
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
  messages: z.object({ total: z.number(), byChannel: z.record(z.string(), z.number()), skipped: z.number() }),
  bonusPoints: z.number(),
  tasks: z.number(),
  conversionRate: z.number(),
  simulatedDays: z.number(),
  wallClockMs: z.number(),
});
export type SimulationSummary = z.infer<typeof SimulationSummary>;

export const SimulationResult = z.object({ runs: z.array(SimulatedRun), summary: SimulationSummary }).meta({ id: 'SimulationResult' });
export type SimulationResult = z.infer<typeof SimulationResult>;
