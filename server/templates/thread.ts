// The body of a template pool worker thread: answers jobs from pool.ts. The compiled build runs this file's bundle
// (dist/server/template-thread.js); from sources, worker.mjs loads it through tsx.
import { parentPort } from 'node:worker_threads';
import { runJob } from './jobs';

if (!parentPort) throw new Error('server/templates/thread.ts runs only as a worker thread of the template pool');
const port = parentPort;
port.on('message', ({ id, name, args }) => runJob(port, id, name, args));
port.postMessage({ ready: true });
