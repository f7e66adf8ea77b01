// `npm run worker`: an extra worker process against TEMPORAL_ADDRESS + DATABASE_URL (scale out by starting more).
import { Client } from '@temporalio/client';
import { startCountsCompactor } from '../analytics/counts';
import { loadConfig } from '../config';
import { connect } from '../db/client';
import { connectTemporal } from '../temporal/connection';
import { startOrderSignalDeliverer } from '../temporal/orderSignals';
import { startEntryDeliverer } from '../entries/deliver';
import { hasRunSearchAttributes } from '../temporal/searchAttributes';
import { startRunMoveDeliverer } from '../moves/deliver';
import { startRunReconciler } from '../temporal/reconcile';
import { startWorker } from './start';
import { log } from '../infra/log';
import { createMetrics } from '../infra/metrics';
import { installTemporalTelemetry } from '../temporal/telemetry';
import { serveMetrics } from './metricsListener';

const config = loadConfig();
if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
  log.error('npm run worker needs DATABASE_URL and TEMPORAL_ADDRESS (the API process embeds its own worker otherwise).');
  process.exit(2);
}
const metrics = createMetrics();
// Before the Temporal connection: the SDK's Runtime takes its logger and metrics endpoint once.
const telemetry = await installTemporalTelemetry(log);
const sql = connect(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
const connection = await connectTemporal(config);
const running = await startWorker({ sql, connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, metrics });
const metricsListener = config.METRICS_PORT
  ? await serveMetrics({ metrics, host: config.HOST, port: config.METRICS_PORT, token: config.METRICS_TOKEN, temporalMetricsUrl: telemetry.metricsUrl })
  : null;
// Purchases and move plans reach live runs, events start the scenarios they trigger, runs ended outside Comeback are closed and report counts folded, even when no API
// process is up.
const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
const entryDeps = { sql, client, taskQueue: config.TEMPORAL_TASK_QUEUE, searchAttributes: await hasRunSearchAttributes(connection, config.TEMPORAL_NAMESPACE), metrics };
const background = [startOrderSignalDeliverer(sql, client), startEntryDeliverer(entryDeps), startRunMoveDeliverer(sql, client), startRunReconciler(sql, client), startCountsCompactor(sql)];
log.info(`worker polling ${config.TEMPORAL_NAMESPACE}/${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}`);
log.info(metricsListener ? `metrics: ${metricsListener.url}` : 'metrics: no listener (set METRICS_PORT to serve /metrics from this worker)');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info(`${signal}: finishing in-flight tasks…`);
    running.stop();
  });
}
try {
  await running.done;
} finally {
  await Promise.all([...background.map((job) => job.stop()), metricsListener?.close()]);
  await connection.close();
  await sql.end({ timeout: 5 });
}
