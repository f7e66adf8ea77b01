// How long a fresh worker process takes to poll for work: with the prebuilt workflow bundle that `npm run build`
// writes, and with webpack bundling the workflows at start (no build, or a stale one). Each measurement is a new Node
// process (TypeScript through tsx, as today) connecting to Temporal's time-skipping test server, from the process's
// start to the worker running; the median of several is reported, with the process's CPU time.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { loadWorkflowBundle, writeWorkflowBundle } from '../../server/worker/bundle';

const STARTS = Number(process.env.BENCH_WORKER_STARTS ?? 5);

interface Start {
  /** Milliseconds from the process's start. */
  bundleReady: number;
  running: number;
  cpuMs: number;
}

if (process.argv[2] === '--child') {
  const [address, dir] = process.argv.slice(3);
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const connection = await NativeConnection.connect({ address });
  const workflowBundle = await loadWorkflowBundle(dir);
  const bundleReady = performance.now();
  const worker = await Worker.create({ connection, taskQueue: 'bench-worker-start', workflowBundle });
  const run = worker.run();
  while (worker.getState() !== 'RUNNING') await new Promise((resolve) => setTimeout(resolve, 1));
  const running = performance.now();
  const cpu = process.cpuUsage();
  console.log(`[start] ${JSON.stringify({ bundleReady, running, cpuMs: (cpu.user + cpu.system) / 1000 } satisfies Start)}`);
  worker.shutdown();
  await run;
  await connection.close();
  process.exit(0);
}

// Imported here, not above, so the worker processes load only what a worker loads (and figures.ts, which reports
// peak memory at exit, prints nothing in them).
const { figure } = await import('./figures');
const { quietTemporalLogs } = await import('../runtime/harness');
const { closeTimeSkippingServer, withTimeSkippingServer } = await import('../../server/simulate/testServer');

function startWorkerProcess(address: string, dir: string): Promise<Start> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', address, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('[start] '));
      if (code !== 0 || !line) reject(new Error(`worker process exited ${code}: ${out}`));
      else resolve(JSON.parse(line.slice('[start] '.length)) as Start);
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

quietTemporalLogs();
const prebuilt = await mkdtemp(join(tmpdir(), 'comeback-bench-bundle-'));
try {
  await writeWorkflowBundle(prebuilt);
  await withTimeSkippingServer(async (env) => {
    const results: Record<'prebuilt' | 'bundled', Start[]> = { prebuilt: [], bundled: [] };
    for (let i = 0; i < STARTS; i++) {
      // Alternated, so a busy moment of the machine falls on both.
      results.prebuilt.push(await startWorkerProcess(env.address, prebuilt));
      results.bundled.push(await startWorkerProcess(env.address, join(prebuilt, 'no-build-here')));
      console.log(`[worker start] ${i + 1}: prebuilt ${results.prebuilt[i].running.toFixed(0)} ms, bundling at start ${results.bundled[i].running.toFixed(0)} ms`);
    }
    for (const [mode, starts] of Object.entries(results)) {
      console.log(`[worker start] ${mode}: bundle ready at ${median(starts.map((s) => s.bundleReady)).toFixed(0)} ms, running at ${median(starts.map((s) => s.running)).toFixed(0)} ms, ${median(starts.map((s) => s.cpuMs)).toFixed(0)} ms CPU (medians of ${STARTS})`);
    }
    figure({ name: `worker start-up with the prebuilt workflow bundle (median of ${STARTS})`, value: median(results.prebuilt.map((s) => s.running)), unit: 'ms' });
    figure({ name: `worker start-up bundling the workflows at start (median of ${STARTS})`, value: median(results.bundled.map((s) => s.running)), unit: 'ms' });
    figure({ name: `worker start-up CPU with the prebuilt workflow bundle (median of ${STARTS})`, value: median(results.prebuilt.map((s) => s.cpuMs)), unit: 'ms' });
    figure({ name: `worker start-up CPU bundling the workflows at start (median of ${STARTS})`, value: median(results.bundled.map((s) => s.cpuMs)), unit: 'ms' });
  });
} finally {
  await closeTimeSkippingServer();
  await rm(prebuilt, { recursive: true, force: true });
}
