import type { Client } from '@temporalio/client';
import type { Channels } from '../channels';
import type { Sql } from '../db/client';
import type { Metrics } from '../infra/metrics';
import type { WebhookTransport } from '../webhooks/call';

/** What the activity implementations need from the process that hosts the worker. */
export interface ActivityDeps {
  sql: Sql;
  /** Used by the audience to start customer runs. */
  client: Client;
  /** The task queue customer runs are started on. */
  taskQueue: string;
  channels: Channels;
  /** How webhook nodes call their endpoints (startWorker: for real unless told otherwise); absent: they call no one, as in a simulation. */
  webhooks?: WebhookTransport;
  /** Tag customer runs with the ScenarioId/CustomerId search attributes (only when the namespace has them). */
  searchAttributes?: boolean;
  /** At most this many workflow starts in flight while enrolling one audience page. */
  enrolConcurrency?: number;
  /**
   * Stamp messages with the run's (simulated) time instead of the database clock: simulations run in a shifted
   * calendar, and frequency limits on messages must count them there.
   */
  runClockForMessages?: boolean;
  /** Enrolments and send outcomes are counted here (server/infra/metrics.ts); absent (simulations) → not counted. */
  metrics?: Metrics;
}
