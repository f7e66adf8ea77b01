// `npm start`: the whole product in one process. PostgreSQL (DATABASE_URL or an embedded server in DATA_DIR/postgres),
// Temporal (TEMPORAL_ADDRESS or an embedded dev server with its data in DATA_DIR/temporal), migrations, the first
// admin, demo data on an empty database, the in-process worker (WORKER=true), the API and the built editor.
// Ctrl-C stops everything it started, in reverse order.
import { startCountsCompactor } from './analytics/counts';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { createApp } from './api/app';
import { createChannels, describeChannels, loadChannelConfig } from './channels';
import type { AppDeps, WorkerProbe } from './api/deps';
import { bootstrapAdmin } from './auth/bootstrapAdmin';
import { loadConfig, type Config } from './config';
import { lockDataDir } from './dataDirLock';
import { connect, type Sql } from './db/client';
import { migrate } from './db/migrate';
import { generateDemoData } from './demo/generate';
import { EMBEDDED_POSTGRES_MAJOR, startEmbeddedPostgres } from './infra/embeddedPostgres';
import { upgradeFromPglite } from './infra/pgliteUpgrade';
import { startTemporalDevServer } from './infra/temporalDev';
import { connectTemporal } from './temporal/connection';
import { startOrderSignalDeliverer } from './temporal/orderSignals';
import { startEntryDeliverer } from './entries/deliver';
import { hasRunSearchAttributes } from './temporal/searchAttributes';
import { startRunMoveDeliverer } from './moves/deliver';
import { startAbAutoDecider } from './scenarios/abAutoDecide';
import { startRunReconciler } from './temporal/reconcile';
import { createScenarioRuntime } from './temporal/scenarioRuntime';
import { closeTimeSkippingServer } from './simulate/testServer';
import { startWorker } from './worker/start';
import { log } from './infra/log';
import { createMetrics, watchOutboxBacklog } from './infra/metrics';
import { installTemporalTelemetry } from './temporal/telemetry';

// Start-up lines: readable in a terminal (LOG_FORMAT=text, the default there), JSON records for a log collector.
const say = (line: string) => log.info(line);

/** Things to stop on exit, last started first. */
const stops: { name: string; stop: () => Promise<void> }[] = [];
let stopping: Promise<void> | null = null;

class Interrupted extends Error {}

function onStop(name: string, stop: () => Promise<void>) {
  stops.push({ name, stop });
}

/** Between start-up steps: after Ctrl-C, start nothing more. */
function checkpoint() {
  if (stopping) throw new Interrupted();
}

let startup: Promise<void> = Promise.resolve();

function shutdown(reason: string): Promise<void> {
  stopping ??= (async () => {
    say(`${reason}: stopping…`);
    // Let the start-up step in progress finish (it stops at the next checkpoint), so whatever it was starting
    // is registered below and stopped too, rather than orphaned.
    await startup.catch(() => {});
    for (const { name, stop } of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        log.error({ err: error }, `stopping ${name} failed`);
      }
    }
    say('stopped.');
  })();
  return stopping;
}

let firstSignalAt = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) {
      // Ctrl-C in a terminal reaches us twice (from the terminal and forwarded by `npm start`'s launcher): only a
      // deliberate second press, a moment later, skips the clean stop.
      if (Date.now() - firstSignalAt < 1500) return;
      say(`${signal} again: exiting now.`);
      process.exit(130);
    }
    firstSignalAt = Date.now();
    void shutdown(signal).then(() => process.exit(0));
  });
}

async function startDatabase(config: Config): Promise<Sql> {
  if (config.DATABASE_URL) {
    say(`PostgreSQL: ${redact(config.DATABASE_URL)}`);
    const sql = connect(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
    onStop('database pool', () => sql.end({ timeout: 5 }));
    return sql;
  }
  const dir = resolve(config.DATA_DIR, 'postgres');
  say(`PostgreSQL: embedded PostgreSQL ${EMBEDDED_POSTGRES_MAJOR}, data in ${dir}`);
  const embedded = await startEmbeddedPostgres(dir, { port: config.EMBEDDED_POSTGRES_PORT, log: (line) => say(`  ${line}`) });
  onStop('embedded PostgreSQL', () => embedded.stop());
  checkpoint();
  const sql = connect(embedded.url, { max: config.DATABASE_POOL_SIZE });
  onStop('database pool', () => sql.end({ timeout: 5 }));
  const pglite = resolve(config.DATA_DIR, 'pg');
  if (existsSync(join(pglite, 'PG_VERSION'))) await upgradeFromPglite(pglite, sql, (line) => say(`  ${line}`));
  say(`  serving it on ${redact(embedded.url)} (password in ${join(dir, 'password')}; psql and \`npm run demo-data\` can connect while this runs)`);
  return sql;
}

async function prepareDatabase(sql: Sql, config: Config): Promise<void> {
  await migrate(sql, (line) => say(`  ${line}`));
  checkpoint();
  const admin = await bootstrapAdmin(sql, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
  if (admin.created) {
    say(`Created the first admin: ${admin.email}`);
    if (admin.oneTimePassword) {
      say(`  one-time password: ${admin.oneTimePassword}   (you will be asked to change it at first sign-in)`);
    }
  }
  checkpoint();
  const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM customers`;
  if (n === 0 && config.DEMO_CUSTOMERS > 0) {
    say(`The database has no customers: loading a demo shop with ${config.DEMO_CUSTOMERS} customers (DEMO_CUSTOMERS=0 skips this)…`);
    const summary = await generateDemoData(sql, { customers: config.DEMO_CUSTOMERS, seed: 1, now: new Date(), log: (line) => say(`  ${line}`) });
    say(`  demo data loaded in ${(summary.millis / 1000).toFixed(1)} s: ${summary.customers} customers, ${summary.orders} orders`);
  } else {
    say(`Customers in the database: ${n}`);
  }
}

interface TemporalSetup {
  connection: NativeConnection;
  address: string;
  uiUrl: string | null;
}

async function startTemporal(config: Config): Promise<TemporalSetup> {
  let address = config.TEMPORAL_ADDRESS;
  let uiUrl = config.TEMPORAL_UI_URL ?? null;
  if (address) {
    say(`Temporal: ${address}, namespace ${config.TEMPORAL_NAMESPACE}`);
  } else {
    const dataDir = resolve(config.DATA_DIR, 'temporal');
    say(`Temporal: starting the embedded dev server (data in ${dataDir})…`);
    const dev = await startTemporalDevServer({
      dataDir,
      port: config.TEMPORAL_DEV_PORT,
      uiPort: config.TEMPORAL_DEV_UI_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
      log: (line) => say(`  ${line}`),
    });
    onStop('Temporal dev server', () => dev.stop());
    address = dev.address;
    uiUrl ??= dev.uiUrl;
    say(`  Temporal dev server on ${address}`);
  }
  checkpoint();
  const connection = await connectTemporal(config, address);
  onStop('Temporal connection', () => connection.close());
  return { connection, address, uiUrl };
}

async function main() {
  const config = loadConfig();
  // Read before anything starts: a half-configured provider should stop us with its message, not mid-way.
  const channels = createChannels(loadChannelConfig());
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
    say(`Starting Comeback (data directory ${resolve(config.DATA_DIR)})`);
    const lock = await lockDataDir(resolve(config.DATA_DIR));
    onStop('data directory lock', () => lock.release());
  } else {
    say('Starting Comeback (external PostgreSQL and Temporal)');
  }

  const metrics = createMetrics();
  // Before the first Temporal connection: the SDK's Runtime takes its logger and metrics endpoint once.
  const telemetry = await installTemporalTelemetry(log);
  const sql = await startDatabase(config);
  watchOutboxBacklog(metrics, sql);
  checkpoint();
  // The Temporal dev server may take a while (the first start may even build its CLI); start it alongside. Both
  // settle before going on, so a failure of one never leaves the other half-started and unregistered.
  const [prepared, started] = await Promise.allSettled([prepareDatabase(sql, config), startTemporal(config)]);
  if (prepared.status === 'rejected') throw prepared.reason;
  if (started.status === 'rejected') throw started.reason;
  const temporal = started.value;
  checkpoint();

  const client = new Client({ connection: temporal.connection, namespace: config.TEMPORAL_NAMESPACE });
  // A purchase stops the customer's live runs (stopOnPurchase): delivered from the order_signals outbox, again and
  // again while Temporal is unreachable. Every API and worker process delivers; rows are claimed, never doubled.
  const orderSignals = startOrderSignalDeliverer(sql, client);
  onStop('order signals', () => orderSignals.stop());
  // Orders and custom events start the scenarios whose trigger they meet (the entry_events outbox, retried while
  // Temporal is away); every API and worker process delivers, rows are claimed.
  const entries = startEntryDeliverer({
    sql,
    client,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    searchAttributes: await hasRunSearchAttributes(temporal.connection, config.TEMPORAL_NAMESPACE),
    metrics,
  });
  onStop('event entries', () => entries.stop());
  // Move plans reach the runs they concern (signals from the run_moves outbox, retried while Temporal is away).
  const runMoves = startRunMoveDeliverer(sql, client);
  onStop('run moves', () => runMoves.stop());
  // A/B splits that decide by themselves are judged every hour; a decision publishes the winner's version.
  const abDecider = startAbAutoDecider(sql, createScenarioRuntime({ client, sql, taskQueue: config.TEMPORAL_TASK_QUEUE }));
  onStop('A/B auto-decide', () => abDecider.stop());
  // Runs whose workflow was ended outside Comeback are closed, so their customers can enter again.
  const reconciler = startRunReconciler(sql, client);
  onStop('run reconciliation', () => reconciler.stop());
  // Report counts are written as deltas beside each run's writes; this folds them so reports stay a small sum.
  const compactor = startCountsCompactor(sql);
  onStop('counts compactor', () => compactor.stop());
  const deps: AppDeps = {
    sql,
    config,
    temporal: { client, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, uiUrl: temporal.uiUrl },
    runtime: createScenarioRuntime({ client, sql, taskQueue: config.TEMPORAL_TASK_QUEUE }),
    // New orders reach the customer's live runs at once, not at the deliverer's next poll.
    onOrdersIngested: () => {
      orderSignals.nudge();
      entries.nudge();
    },
    onEventsIngested: () => entries.nudge(),
    onMovePlanApplied: () => runMoves.nudge(),
    log,
    metrics,
    temporalMetricsUrl: telemetry.metricsUrl,
  };
  // POST /api/simulate starts a time-skipping test server on first use.
  onStop('simulation server', () => closeTimeSkippingServer());

  if (config.WORKER === 'true') {
    say(`Worker: loading the workflow code and polling ${config.TEMPORAL_NAMESPACE}/${config.TEMPORAL_TASK_QUEUE}…`);
    say(`  channels: ${describeChannels(channels)} (sandbox = recorded in the outbox, never sent)`);
    const worker = await startWorker({ sql, connection: temporal.connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, channels, metrics });
    onStop('worker', () => worker.stop());
    // A crashed worker ends the process: running on without one would silently stall every scenario.
    worker.done.catch((error) => {
      if (stopping) return;
      log.error({ err: error }, 'the worker stopped unexpectedly');
      void shutdown('worker failure').then(() => process.exit(1));
    });
    const probe: WorkerProbe = {
      status() {
        const report = worker.status();
        return report.running
          ? { status: 'ok', detail: `polling ${report.taskQueue}${report.lastPollAt ? ` (last poll ${report.lastPollAt})` : ''}; ${report.inFlightActivities} activities in flight` }
          : { status: 'down', detail: `worker state ${report.state}` };
      },
    };
    deps.worker = probe;
    say('  worker running');
  } else {
    say('Worker: not in this process (WORKER=false); run `npm run worker` against the same database and Temporal.');
  }
  checkpoint();

  const app = createApp(deps);
  const server = await listen(app.fetch, config);
  onStop('HTTP server', () => closeServer(server));
  const port = (server.address() as AddressInfo).port;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  say(`Ready. Open ${url}`);
  say(`  sign in as ${config.ADMIN_EMAIL}${config.ADMIN_PASSWORD ? ' with ADMIN_PASSWORD' : ' (password printed at the first start, or as set by an admin)'}`);
  say(`  API docs:    ${url}/api/docs`);
  say(`  health:      ${url}/api/health`);
  say(`  metrics:     ${url}/metrics${config.METRICS_TOKEN ? ' (Authorization: Bearer METRICS_TOKEN)' : ' (from this machine; METRICS_TOKEN opens it to Prometheus elsewhere)'}`);
  if (temporal.uiUrl) say(`  Temporal UI: ${temporal.uiUrl}`);
  say('  Ctrl-C stops everything.');
}

function listen(fetch: (request: Request) => Response | Promise<Response>, config: Config): Promise<ServerType> {
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch, hostname: config.HOST, port: config.PORT }, () => resolvePromise(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${config.PORT} on ${config.HOST} is already in use: stop the other program or set PORT=…`)
          : error,
      );
    });
  });
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolvePromise) => {
    // Requests in progress get a few seconds to finish; then their connections are cut.
    const deadline = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, 5000);
    server.close(() => {
      clearTimeout(deadline);
      resolvePromise();
    });
    // Keep-alive connections would hold close() open; idle ones go now, busy ones after their response.
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

startup = main();
startup.catch(async (error) => {
  if (error instanceof Interrupted) return;
  log.error({ err: error }, 'start failed');
  await shutdown('start failed');
  process.exit(1);
});
