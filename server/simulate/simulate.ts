import { randomUUID } from 'node:crypto';
import { compileScenario } from '../../shared/scenario/compile';
import { connect } from '../db/client';
import { migrate } from '../db/migrate';
import { startPglite } from '../infra/pglite';
import { ingestOrders } from '../ingest/orders';
import { upsertCustomers } from '../ingest/customers';
import { simulationReport, type SimulatedRun, type SimulationSummary } from './report';
import type { SimulationRequest } from './request';
import { runSimulation } from './run';
import { storePublishedScenario } from './scenario';
import { withTimeSkippingServer } from './testServer';

export interface SimulationResponse {
  runs: SimulatedRun[];
  summary: SimulationSummary & { simulatedDays: number; wallClockMs: number };
}

/**
 * A dry run of a document (`POST /api/simulate`): a fresh in-memory database holding only the request's customers
 * and orders, every channel in the sandbox, and the production workflows on Temporal's time-skipping test server.
 */
export async function simulate(request: SimulationRequest): Promise<SimulationResponse> {
  const started = Date.now();
  const database = await startPglite(null);
  const sql = connect(database.url, { max: 1 });
  try {
    await migrate(sql);
    if (request.customers.length) await upsertCustomers(sql, request.customers);
    if (request.orders.length) await ingestOrders(sql, request.orders);
    const plan = compileScenario(request.scenario, { scenarioId: randomUUID(), version: 1 });
    await storePublishedScenario(sql, request.scenario, plan, request.start);
    await withTimeSkippingServer((env) => runSimulation(env, sql, { plan, start: request.start, days: request.days, events: request.events }));
    const report = await simulationReport(sql, plan.scenarioId);
    return { runs: report.runs, summary: { ...report.summary, simulatedDays: request.days, wallClockMs: Date.now() - started } };
  } finally {
    await sql.end({ timeout: 5 });
    await database.stop();
  }
}
