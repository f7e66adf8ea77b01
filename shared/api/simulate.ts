/**
 * Request and response of `POST /api/simulate` (server/api/routes/simulate.ts, ARCHITECTURE.md §5): a dry run of a
 * document over simulated days. Times are ISO-8601 UTC strings.
 */
import { z } from 'zod';
import { RunStatus } from './support';

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
