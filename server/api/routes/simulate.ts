import { SimulationRequest, SimulationResult } from '../../../shared/api/simulate';
import type { AppDeps } from '../deps';
import { ErrorBody, preferredLanguage } from '../errors';
import { currentUser, defineRoute, type App } from '../route';
import { SimulationDatabases } from '../../simulate/databases';
import { SimulationQueue } from '../../simulate/queue';
import { parseSimulationRequest } from '../../simulate/request';
import { shopContext, simulate } from '../../simulate/simulate';

const simulateRoute = defineRoute({
  method: 'post',
  path: '/api/simulate',
  tags: ['Scenarios'],
  summary: 'Dry-run a scenario over simulated days on isolated data (sandbox channels, time-skipping Temporal)',
  description:
    'One simulation runs at a time; the rest wait in line (closing the request leaves the line, or stops a running simulation). ' +
    'Over the line\'s limits: 429 with Retry-After; over SIMULATION_TIMEOUT_SECONDS of running: 504.',
  // Analysts too: a simulation reads only the request (real customers come in it, from the audience sample they may
  // read anyway) and writes only to its own throwaway database (see SimulationDatabases) and the sandbox; the line bounds what it costs.
  access: { roles: ['marketer', 'analyst'] },
  bodyLimit: 20 * 1024 * 1024,
  request: { body: { content: { 'application/json': { schema: SimulationRequest } } } },
  responses: {
    200: { description: 'What each customer who entered would have received, and when', content: { 'application/json': { schema: SimulationResult } } },
    408: { description: 'The client closed the request (nobody reads this answer)', content: { 'application/json': { schema: ErrorBody } } },
    429: { description: 'Too many simulations waiting (yours or everyone\'s); see Retry-After', content: { 'application/json': { schema: ErrorBody } } },
    503: { description: 'The PostgreSQL role may not create the simulation\'s throwaway database (grant it CREATEDB)', content: { 'application/json': { schema: ErrorBody } } },
    504: { description: 'The simulation ran longer than allowed and was stopped', content: { 'application/json': { schema: ErrorBody } } },
  },
});

export function register(app: App, deps: AppDeps) {
  const line = new SimulationQueue({
    queued: deps.config.SIMULATION_QUEUE,
    queuedPerUser: deps.config.SIMULATION_QUEUE_PER_USER,
    timeoutMs: deps.config.SIMULATION_TIMEOUT_SECONDS * 1000,
  });
  // Each simulation gets its own database in the product's PostgreSQL server, dropped when it ends.
  const databases = new SimulationDatabases(deps.sql);
  app.openapi(simulateRoute, async (c) => {
    const user = currentUser(c);
    // Refused before a body of up to 20 MB is parsed and checked.
    line.admit(user.id);
    // The envelope schema above only documents the body; every problem (scenario, records, limits) is reported here.
    const request = parseSimulationRequest(await c.req.json(), preferredLanguage(c));
    // The request's signal aborts when the client disconnects (@hono/node-server aborts it on the response's 'close').
    const shop = await shopContext(deps.sql, request);
    return c.json(await line.run(user.id, c.req.raw.signal, (signal) => simulate(request, databases, signal, shop)), 200);
  });
}
