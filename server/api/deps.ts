import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Sql } from '../db/client';
import type { Logger } from '../infra/log';
import type { Metrics } from '../infra/metrics';
import type { OnOrdersIngested } from '../ingest/orders';
import type { ScenarioRuntime } from '../scenarios/runtime';

/** The Temporal connection the API uses to start, signal and inspect workflows. */
export interface TemporalDeps {
  client: Client;
  namespace: string;
  taskQueue: string;
  /** Base URL of the Temporal Web UI, for links from run pages; null when unknown. */
  uiUrl: string | null;
}

/** What `GET /api/health` reports for the worker that runs in this process. */
export interface WorkerHealth {
  status: 'ok' | 'down';
  /** For people: why it is down, or what it is doing. */
  detail?: string;
}

/** Filled by the worker bootstrap (server/worker/start.ts) when a worker runs inside the API process. */
export interface WorkerProbe {
  status(): WorkerHealth | Promise<WorkerHealth>;
}

/** Everything route handlers may use. Routes read it as `c.var.deps`. */
export interface AppDeps {
  sql: Sql;
  config: Config;
  /** Absent in tests that need no Temporal; routes that need it answer 503 `temporal_unavailable`. */
  temporal?: TemporalDeps;
  /** Schedules published scenarios (server/scenarios/runtime.ts); absent → publish/pause/resume/archive answer 503. */
  runtime?: ScenarioRuntime;
  /**
   * Told about orders seen for the first time, after they are committed (POST /api/orders and order imports), so
   * the runtime can end live runs of those customers (`stopOnPurchase`). Absent → nobody is told.
   */
  onOrdersIngested?: OnOrdersIngested;
  /** Called after custom events are committed (POST /api/events): their entries are delivered at once. */
  onEventsIngested?: () => void;
  /** Told when a move plan was applied, so its signals go out at once (server/moves/deliver.ts). */
  onMovePlanApplied?: () => void;
  /** Absent when no worker runs in this process (`WORKER=false`, or tests). */
  worker?: WorkerProbe;
  /** Directory of the built editor (index.html + assets); default `dist/editor/` at the repository root. */
  editorDir?: string;
  /** The logger requests' loggers derive from; default the process logger (server/infra/log.ts). */
  log?: Logger;
  /** The product's metrics; absent → requests are not measured and GET /metrics answers 404. */
  metrics?: Metrics;
  /** The Temporal SDK's own metrics endpoint on loopback, appended to GET /metrics (server/temporal/telemetry.ts). */
  temporalMetricsUrl?: string | null;
}
