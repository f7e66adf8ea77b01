// `npm run worker`: an extra worker process against TEMPORAL_ADDRESS + DATABASE_URL (scale out by starting more).
import { Client } from '@temporalio/client';
import { startCountsCompactor } from '../analytics/counts';
import { loadConfig } from '../config';
import { connect } from '../db/client';
import { connectTemporal } from '../temporal/connection';
import { startOrderSignalDeliverer } from '../temporal/orderSignals';
import { startRunReconciler } from '../temporal/reconcile';
import { startWorker } from './start';

const config = loadConfig();
if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
  console.error('npm run worker needs DATABASE_URL and TEMPORAL_ADDRESS (the API process embeds its own worker otherwise).');
  process.exit(2);
}
const sql = connect(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
const connection = await connectTemporal(config);
const running = await startWorker({ sql, connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE });
// Purchases reach live runs, runs ended outside Comeback are closed and report counts folded, even when no API
// process is up.
const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
const background = [startOrderSignalDeliverer(sql, client), startRunReconciler(sql, client), startCountsCompactor(sql)];
console.log(`[comeback] worker polling ${config.TEMPORAL_NAMESPACE}/${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`[comeback] ${signal}: finishing in-flight tasks…`);
    running.stop();
  });
}
try {
  await running.done;
} finally {
  await Promise.all(background.map((job) => job.stop()));
  await connection.close();
  await sql.end({ timeout: 5 });
}
