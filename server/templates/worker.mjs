// A worker thread of the template pool (pool.ts). Plain JavaScript, so it starts the same way whether the server runs
// under `node --import tsx`, Vitest or anything else: it registers tsx itself, then loads the TypeScript jobs.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runJob } = await import('./jobs.ts');
parentPort.on('message', ({ id, name, args }) => runJob(parentPort, id, name, args));
parentPort.postMessage({ ready: true });
