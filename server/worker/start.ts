import { Client } from '@temporalio/client';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { createChannels, loadChannelConfig, type Channels } from '../channels';
import type { Sql } from '../db/client';
import type { Metrics } from '../infra/metrics';
import { createActivities } from '../activities';
import { hasRunSearchAttributes } from '../temporal/searchAttributes';
import { workflowBundle } from './bundle';
import { countActivityFailures } from './activityFailures';
import { loadConfig } from '../config';
import { webhookTransport, type WebhookTransport } from '../webhooks/call';

export interface StartWorkerOptions {
  sql: Sql;
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Message providers; default: from the environment (sandbox for every channel not configured). */
  channels?: Channels;
  /** How webhook nodes call their endpoints; default: for real, with WEBHOOK_* from the environment. */
  webhooks?: WebhookTransport;
  /** Where the audience starts customer runs; default `taskQueue` (a separate queue lets run workers scale apart). */
  runTaskQueue?: string;
  /** See ActivityDeps.runClockForMessages (simulations). */
  runClockForMessages?: boolean;
  maxConcurrentActivityTaskExecutions?: number;
  /** Counts enrolments, sends and activity failures; absent (simulations) → nothing is counted. */
  metrics?: Metrics;
}

export interface WorkerStatusReport {
  running: boolean;
  state: string;
  namespace: string;
  taskQueue: string;
  /** Last moment the worker was seen waiting on the task queue (ISO); null before the first poll. */
  lastPollAt: string | null;
  inFlightActivities: number;
  inFlightWorkflowActivations: number;
}

export interface RunningWorker {
  worker: Worker;
  status(): WorkerStatusReport;
  /** Graceful: finishes in-flight tasks, then resolves. */
  stop(): Promise<void>;
  /** Settles when the worker stops (rejects if it crashed). */
  done: Promise<void>;
}

/** Starts a worker for customer runs, audiences and simulations on `taskQueue`, in this process. */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const client = new Client({ connection: options.connection, namespace: options.namespace });
  const activities = createActivities({
    sql: options.sql,
    client,
    taskQueue: options.runTaskQueue ?? options.taskQueue,
    channels: options.channels ?? createChannels(loadChannelConfig()),
    webhooks: options.webhooks ?? webhookTransport(loadConfig()),
    runClockForMessages: options.runClockForMessages,
    searchAttributes: await hasRunSearchAttributes(options.connection, options.namespace),
    metrics: options.metrics,
  });
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 50,
    ...(options.metrics ? { interceptors: { activity: [countActivityFailures(options.metrics)] } } : {}),
  });

  let lastPollAt: Date | null = null;
  const sample = () => {
    const s = worker.getStatus();
    if (s.hasOutstandingWorkflowPoll || s.hasOutstandingActivityPoll) lastPollAt = new Date();
    return s;
  };
  const sampler = setInterval(sample, 5_000);
  sampler.unref();
  const done = worker.run().finally(() => clearInterval(sampler));
  done.catch(() => {});

  return {
    worker,
    done,
    status() {
      const s = sample();
      return {
        running: s.runState === 'RUNNING',
        state: s.runState,
        namespace: options.namespace,
        taskQueue: options.taskQueue,
        lastPollAt: lastPollAt?.toISOString() ?? null,
        inFlightActivities: s.numInFlightActivities,
        inFlightWorkflowActivations: s.numInFlightWorkflowActivations,
      };
    },
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done.catch(() => {});
    },
  };
}
