import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Plan } from '../../shared/scenario/plan';
import { CHANNELS } from '../../shared/scenario/schema';
import type { simulation, SimulatedEvent, SimulatedOrder } from '../../workflows/simulation';
import { sandboxAdapter } from '../channels/sandbox';
import type { Channels } from '../channels';
import type { Sql } from '../db/client';
import { startWorker } from '../worker/start';
import { SIMULATED_WEBHOOKS, type WebhookTransport } from '../webhooks/call';

/** Every channel goes to the sandbox outbox: a simulation never messages anyone. */
export const SANDBOX_CHANNELS = Object.fromEntries(CHANNELS.map((c) => [c, sandboxAdapter(c)])) as Channels;

export interface SimulationRun {
  /** The scenarios simulated together (the first names the simulation). */
  plans: Plan[];
  /** The simulated calendar starts here. */
  start: Date;
  days: number;
  /** Orders that happen during the simulation. */
  events: SimulatedOrder[];
  /** Custom events that happen during the simulation (POST /api/events). */
  customEvents?: SimulatedEvent[];
  /**
   * How webhook nodes call: by default not at all (a simulation never calls anyone). Only the runtime tests pass a
   * live transport, to loopback fakes.
   */
  webhooks?: WebhookTransport;
}

let liveWorkers = 0;

/** Simulation workers started and not yet stopped (see simulationResources). */
export function liveSimulationWorkers(): number {
  return liveWorkers;
}

/**
 * Runs published plans over simulated days on a time-skipping test server, against `sql`: the same workflows and
 * activities as production, with the daily trigger and order ingest driven by the `simulation` workflow (which also
 * stops the runs still waiting at the end). Its own task queue keeps it apart from anything else on that server.
 * When `signal` aborts, the driving workflow is terminated and the worker stopped, and this rejects with the
 * signal's reason; the customer runs it had started are left on the test server (withTimeSkippingServer discards
 * that server).
 */
export async function runSimulation(env: TestWorkflowEnvironment, sql: Sql, run: SimulationRun, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const taskQueue = `simulation-${randomUUID()}`;
  const worker = await startWorker({
    sql,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    channels: SANDBOX_CHANNELS,
    webhooks: run.webhooks ?? SIMULATED_WEBHOOKS,
    runClockForMessages: true,
  });
  liveWorkers++;
  const handle = env.client.workflow.start<typeof simulation>('simulation', {
    workflowId: `simulation:${run.plans[0].scenarioId}`,
    taskQueue,
    args: [{ plans: run.plans, start: run.start.toISOString(), days: run.days, events: run.events, ...(run.customEvents?.length && { customEvents: run.customEvents }) }],
  });
  const stop = () => void handle.then((h) => h.terminate('simulation stopped')).catch(() => {});
  signal?.addEventListener('abort', stop, { once: true });
  if (signal?.aborted) stop();
  try {
    await (await handle).result();
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  } finally {
    signal?.removeEventListener('abort', stop);
    await worker.stop();
    liveWorkers--;
  }
}
