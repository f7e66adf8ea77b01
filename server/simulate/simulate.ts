import type { SimulationResult } from '../../shared/api/simulate';
import { compileScenario } from '../../shared/scenario/compile';
import { ingestOrders } from '../ingest/orders';
import { upsertCustomers } from '../ingest/customers';
import type { SimulationDatabases } from './databases';
import { simulationReport } from './report';
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

/**
 * A dry run of a document (`POST /api/simulate`): a fresh database from `databases` holding only the request's
 * customers and orders, every channel in the sandbox, and the production workflows on Temporal's time-skipping test server.
 * Everything is taken when its turn on the test server comes and released before the turn ends. When `signal`
 * aborts, the simulation stops at the next step (its workflows at once), and this rejects once all is released,
 * the test server included (see withTimeSkippingServer).
 */
export async function simulate(request: SimulationRequest, databases: SimulationDatabases, signal?: AbortSignal): Promise<SimulationResponse> {
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
      const plan = compileScenario(request.scenario, { scenarioId: request.scenarioId, version: 1 });
      await storePublishedScenario(sql, request.scenario, plan, request.start);
      await runSimulation(env, sql, { plan, start: request.start, days: request.days, events: request.events }, signal);
      const report = await simulationReport(sql, plan.scenarioId);
      return { runs: report.runs, summary: { ...report.summary, simulatedDays: request.days, wallClockMs: Date.now() - started } };
    } finally {
      await database.release();
      liveDatabases--;
    }
  });
}
