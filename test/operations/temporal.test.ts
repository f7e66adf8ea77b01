import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Plan } from '../../shared/scenario/plan';
import type { ActivityDeps } from '../../server/activities';
import { enrolCustomers } from '../../server/activities/audience';
import { createLogger } from '../../server/infra/log';
import { createMetrics, scrape } from '../../server/infra/metrics';
import { startTemporalDevServer, type DevServer } from '../../server/infra/temporalDev';
import { installTemporalTelemetry, type TemporalTelemetry } from '../../server/temporal/telemetry';
import { countActivityFailures } from '../../server/worker/activityFailures';

/** The value of one series in a Prometheus text exposition, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

let temporal: DevServer;
let telemetry: TemporalTelemetry;
let connection: NativeConnection;
let client: Client;

beforeAll(async () => {
  // As server/main.ts does: the Runtime before the first connection (this file runs in a process of its own).
  telemetry = await installTemporalTelemetry(createLogger({ level: 'silent' }));
  temporal = await startTemporalDevServer({ dataDir: null, headless: true, log: () => {} });
  connection = await NativeConnection.connect({ address: temporal.address });
  client = new Client({ connection, namespace: 'default' });
});

afterAll(async () => {
  await connection?.close();
  await temporal?.stop();
});

test('enrolments are counted as started or kept out by a live run', async () => {
  const metrics = createMetrics({ nodeMetrics: false });
  // Only the Temporal side of the activity deps is used by enrolCustomers; the runs' task queue has no worker.
  const deps = { client, taskQueue: 'operations-test-runs', metrics } as Partial<ActivityDeps> as ActivityDeps;
  const plan = { scenarioId: 'operations-test' } as Plan;
  const entry = { enteredAt: new Date().toISOString(), clockOffsetMs: 0 };
  expect(await enrolCustomers(deps, plan, ['c1', 'c2', 'c3'], entry)).toEqual({ started: 3, alreadyRunning: 0 });
  expect(await enrolCustomers(deps, plan, ['c2', 'c3', 'c4'], entry)).toEqual({ started: 1, alreadyRunning: 2 });

  const { body } = await scrape(metrics);
  expect(sample(body, 'comeback_runs_enrolled_total{outcome="started"}')).toBe(4);
  expect(sample(body, 'comeback_runs_enrolled_total{outcome="already_running"}')).toBe(2);
});

test('every failed activity attempt is counted by type and error class, and the SDK\'s own metrics come along', async () => {
  const metrics = createMetrics({ nodeMetrics: false });
  const taskQueue = 'operations-test-activities';
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./fixtures/failingActivity.ts', import.meta.url)),
    activities: {
      async flaky() {
        throw new TypeError('the provider is down');
      },
    },
    interceptors: { activity: [countActivityFailures(metrics)] },
  });
  const outcome = await worker.runUntil(client.workflow.execute('callsFailingActivity', { taskQueue, workflowId: `operations-${Date.now()}` }));
  expect(outcome).toBe('failed');

  const { body } = await scrape(metrics, { temporalMetricsUrl: telemetry.metricsUrl });
  expect(sample(body, 'comeback_activity_failures_total{activity_type="flaky",error="TypeError"}')).toBe(2);
  // The worker's own metrics from the SDK's loopback endpoint, merged after ours.
  const sdkLine = body.split('\n').find((l) => l.startsWith('temporal_activity_execution_failed_total{') && l.includes('activity_type="flaky"'));
  expect(sdkLine, body.split('\n').filter((l) => l.startsWith('temporal_')).slice(0, 20).join('\n')).toBeDefined();
  expect(Number(sdkLine!.split(' ').at(-1))).toBe(2);
});
