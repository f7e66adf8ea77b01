import { z } from '@hono/zod-openapi';
import { preferredLanguage } from '../errors';
import { defineRoute, type App } from '../route';
import { parseSimulationRequest, SIMULATION_LIMITS } from '../../simulate/request';
import { simulate } from '../../simulate/simulate';

const Step = z.object({ at: z.string(), nodeId: z.string(), type: z.string(), outcome: z.string(), reason: z.string().optional() });

const SimulationResponseSchema = z
  .object({
    runs: z.array(
      z.object({
        customerId: z.string(),
        enteredAt: z.string(),
        version: z.number(),
        variant: z.string().nullable(),
        status: z.enum(['running', 'completed', 'converted', 'limited', 'exited']),
        endedAt: z.string().nullable(),
        endReason: z.string().nullable(),
        steps: z.array(Step),
        messages: z.array(z.object({ at: z.string(), nodeId: z.string(), channel: z.string(), text: z.string(), subject: z.string().optional() })),
        bonuses: z.array(z.object({ at: z.string(), nodeId: z.string(), points: z.number(), expiresAt: z.string() })),
        tasks: z.array(z.object({ at: z.string(), nodeId: z.string(), text: z.string() })),
      }),
    ),
    summary: z.object({
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
    }),
  })
  .meta({ id: 'SimulationResult' });

const SimulationRequestSchema = z
  .object({
    scenario: z.any().meta({ description: 'A scenario/v1 document (need not be saved or published)' }),
    start: z.string().meta({ example: '2026-03-01T00:00:00+03:00' }),
    days: z.number().int().meta({ example: 90 }),
    customers: z.array(z.any()).meta({ description: `Customers as for POST /api/customers (at most ${SIMULATION_LIMITS.customers})` }),
    orders: z.array(z.any()).optional().meta({ description: 'Order history before `start`, as for POST /api/orders' }),
    events: z.array(z.object({ type: z.literal('order'), order: z.any() })).optional().meta({ description: 'Orders placed during the simulation, at `order.placedAt`' }),
  })
  .meta({ id: 'SimulationRequest' });

const simulateRoute = defineRoute({
  method: 'post',
  path: '/api/simulate',
  tags: ['Scenarios'],
  summary: 'Dry-run a scenario over simulated days on isolated data (sandbox channels, time-skipping Temporal)',
  access: { roles: ['marketer', 'analyst'] },
  bodyLimit: 20 * 1024 * 1024,
  request: { body: { content: { 'application/json': { schema: SimulationRequestSchema } } } },
  responses: {
    200: { description: 'What each customer who entered would have received, and when', content: { 'application/json': { schema: SimulationResponseSchema } } },
  },
});

export function register(app: App) {
  app.openapi(simulateRoute, async (c) => {
    // The envelope schema above only documents the body; every problem (scenario, records, limits) is reported here.
    const request = parseSimulationRequest(await c.req.json(), preferredLanguage(c));
    return c.json(await simulate(request), 200);
  });
}
