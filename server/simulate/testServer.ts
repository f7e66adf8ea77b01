import { TestWorkflowEnvironment } from '@temporalio/testing';
import { provisionTemporalTestServer } from '../infra/temporalTestServer';
import { startSupervisedTimeSkipping } from '../infra/timeSkippingEnvironment';
import { lineLogger, log as processLog } from '../infra/log';

let shared: Promise<TestWorkflowEnvironment> | null = null;
let queue: Promise<unknown> = Promise.resolve();
let idleTimer: NodeJS.Timeout | null = null;

/** Shut the test server (a JVM) down after this long without simulations. */
const IDLE_MS = 10 * 60_000;

/**
 * Starts Temporal's time-skipping test server. Provisioned from Maven Central, it is started here as a child process
 * that never outlives this one; without Java and Maven the SDK downloads and starts its own build, which goes with a
 * clean exit of this process but not with a kill -9.
 */
export async function startTimeSkippingServer(log: (line: string) => void = lineLogger(processLog)): Promise<TestWorkflowEnvironment> {
  const path = await provisionTemporalTestServer(log);
  if (path) return startSupervisedTimeSkipping(path, log);
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping();
    } catch (error) {
      // The SDK gives the server a fixed 5 s to accept connections, then kills it; a JVM starting on a busy
      // machine can take longer. Another start is the remedy (the failed one left no process behind).
      if (attempt >= START_ATTEMPTS || !/did not start within/.test(String(error))) throw error;
      log(`Temporal's test server did not start within 5 s (a busy machine); starting it again (${attempt + 1}/${START_ATTEMPTS})`);
    }
  }
}

const START_ATTEMPTS = 4;

/**
 * Runs `fn` with the process's one time-skipping test server (a pool of one, started on first use). Simulations
 * take turns: the test server's clock is shared, and one simulation at a time keeps each one's time skipping fast.
 * When `fn` fails (stopped, timed out, broken) the server goes with it: what that simulation left on it (runs
 * waiting on timers, activities it thinks are still running) must not stall the next one, which starts a fresh one.
 */
export function withTimeSkippingServer<T>(fn: (env: TestWorkflowEnvironment) => Promise<T>): Promise<T> {
  const turn = queue.then(async () => {
    if (idleTimer) clearTimeout(idleTimer);
    shared ??= startTimeSkippingServer().catch((error) => {
      shared = null;
      throw error;
    });
    try {
      const result = await fn(await shared);
      idleTimer = setTimeout(() => void closeTimeSkippingServer(), IDLE_MS);
      idleTimer.unref();
      return result;
    } catch (error) {
      await closeTimeSkippingServer();
      throw error;
    }
  });
  queue = turn.catch(() => {});
  return turn;
}

/** Whether the shared test server is started or starting (see simulationResources). */
export function timeSkippingServerUp(): boolean {
  return shared !== null;
}

/** Stops the shared test server (process shutdown, tests). */
export async function closeTimeSkippingServer(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  const env = shared;
  shared = null;
  if (env) await (await env.catch(() => null))?.teardown();
}
