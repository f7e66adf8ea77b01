import { SIMULATION_LIMITS_OTHERS, type SimulationResult } from '../../shared/api/simulate';
import { compileScenario } from '../../shared/scenario/compile';
import { DEFAULT_PRIORITY, type ScenarioDocument } from '../../shared/scenario/schema';
import type { Sql } from '../db/client';
import { copyPolicy, loadPolicy, NO_POLICY, type PolicyInForce } from '../policy/store';
import { ingestOrders } from '../ingest/orders';
import { upsertCustomers } from '../ingest/customers';
import type { SimulationDatabases } from './databases';
import { simulationReport, togetherReport } from './report';
import type { SimulationRequest } from './request';
import { liveSimulationWorkers, runSimulation } from './run';
import { storePublishedScenario } from './scenario';
import { timeSkippingServerUp, withTimeSkippingServer } from './testServer';

/** The answer of POST /api/simulate (shared/api/simulate.ts). */
export type SimulationResponse = SimulationResult;

let liveDatabases = 0;

/**
 * What simulations hold right now: their throwaway databases and workers (each simulation's own, released when it
 * ends, however it ends), and whether the shared time-skipping test server is up (kept warm between simulations,
 * discarded after one that was stopped or failed).
 */
export function simulationResources(): { databases: number; workers: number; testServer: boolean } {
  return { databases: liveDatabases, workers: liveSimulationWorkers(), testServer: timeSkippingServerUp() };
}

/** What a simulation takes from the live shop: its policy in force and, on request, its published scenarios. */
export interface ShopContext {
  policy: PolicyInForce;
  published: Array<{ scenario: ScenarioDocument; scenarioId: string; createdAt: Date }>;
}

/** The shop's policy and published scenarios, as `simulate` takes them (the latter only when the request asks). */
export async function shopContext(sql: Sql, request: SimulationRequest): Promise<ShopContext> {
  const policy = await loadPolicy(sql);
  if (!request.withPublished) return { policy, published: [] };
  const exclude = [request.scenarioId, ...request.others.map((o) => o.scenarioId)];
  const rows = await sql<{ id: string; created_at: Date; document: ScenarioDocument }[]>`
    SELECT s.id, s.created_at, v.document FROM scenarios s JOIN scenario_versions v ON v.scenario_id = s.id AND v.version = s.current_version
     WHERE s.status = 'active' AND s.id <> ALL(${exclude}::uuid[])
     ORDER BY s.created_at, s.id LIMIT ${SIMULATION_LIMITS_OTHERS - request.others.length}`;
  return { policy, published: rows.map((r) => ({ scenario: r.document, scenarioId: r.id, createdAt: r.created_at })) };
}

/**
 * A dry run of a document (`POST /api/simulate`): a fresh database from `databases` holding only the request's
 * customers and orders, every channel in the sandbox, and the production workflows on Temporal's time-skipping test server.
 * The other scenarios of the request (and the shop's published ones, when asked) run beside it against the same
 * customers under the shop's communication policy, or the one the request tries, with the shop's control group.
 * Everything is taken when its turn on the test server comes and released before the turn ends. When `signal`
 * aborts, the simulation stops at the next step (its workflows at once), and this rejects once all is released,
 * the test server included (see withTimeSkippingServer).
 */
export async function simulate(
  request: SimulationRequest,
  databases: SimulationDatabases,
  signal?: AbortSignal,
  shop: ShopContext = { policy: NO_POLICY, published: [] },
): Promise<SimulationResponse> {
  return withTimeSkippingServer(async (env) => {
    signal?.throwIfAborted();
    const started = Date.now();
    const database = await databases.acquire();
    liveDatabases++;
    const { sql } = database;
    try {
      if (request.customers.length) await upsertCustomers(sql, request.customers);
      if (request.orders.length) await ingestOrders(sql, request.orders);
      signal?.throwIfAborted();
      const policy: PolicyInForce = request.policy ? { ...shop.policy, ...request.policy } : shop.policy;
      if (policy.caps.length > 0 || policy.controlGroup.sharePct > 0) await copyPolicy(sql, policy);
      const all = [
        { scenario: request.scenario, scenarioId: request.scenarioId, createdAt: request.start, main: true },
        ...request.others.map((o) => ({ ...o, createdAt: request.start, main: false })),
        ...shop.published.map((o) => ({ ...o, main: false })),
      ];
      const plans = [];
      for (const one of all) {
        const plan = compileScenario(one.scenario, { scenarioId: one.scenarioId, version: 1 });
        await storePublishedScenario(sql, one.scenario, plan, one.createdAt);
        plans.push(plan);
      }
      await runSimulation(env, sql, { plans, start: request.start, days: request.days, events: request.events, customEvents: request.customEvents }, signal);
      const report = await simulationReport(sql, request.scenarioId);
      const together = await togetherReport(
        sql,
        all.map((one) => ({
          scenarioId: one.scenarioId,
          name: one.scenario.name,
          priority: one.scenario.settings.priority ?? DEFAULT_PRIORITY,
          exclusivityGroup: one.scenario.settings.exclusivityGroup ?? null,
          main: one.main,
        })),
      );
      return {
        runs: report.runs,
        summary: { ...report.summary, simulatedDays: request.days, wallClockMs: Date.now() - started },
        ...together,
        policy: { version: policy.version, caps: policy.caps, maxDelayDays: policy.maxDelayDays, controlGroup: policy.controlGroup },
      };
    } finally {
      await database.release();
      liveDatabases--;
    }
  });
}
