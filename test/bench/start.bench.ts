// How long `npm start` takes to say "Ready" on an existing data directory: the compiled build (dist/server/main.js)
// against the TypeScript sources through tsx (how the product started before it had a build). Both load the same
// prebuilt workflow bundle, so this is the cost of compiling TypeScript at start; what the prebuilt bundle saves over
// webpack at start is measured by workerStart.bench.ts. Floor: the embedded PostgreSQL and the Temporal dev server
// alone, started one after the other on the same data directory, as the product starts them. Each mode is a fresh
// process, started alternately so a busy moment of the machine falls on both; medians are reported. The first, cold
// start (a new cluster, migrations, demo data) is reported on its own.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STARTS = Number(process.env.BENCH_STARTS ?? 3);

if (process.argv[2] === '--servers') {
  // The floor, in a process of its own: the two servers main.ts starts before it can serve, and nothing else.
  const dataDir = process.argv[3];
  const { startEmbeddedPostgres } = await import('../../server/infra/embeddedPostgres');
  const { startTemporalDevServer } = await import('../../server/infra/temporalDev');
  const postgres = await startEmbeddedPostgres(join(dataDir, 'postgres'));
  const temporal = await startTemporalDevServer({ dataDir: join(dataDir, 'temporal'), headless: true });
  console.log(`[ready] ${performance.now()}`);
  await temporal.stop();
  await postgres.stop();
  process.exit(0);
}

const { freePort } = await import('../../server/infra/freePort');
const { figure } = await import('./figures');

type Mode = 'compiled' | 'sources' | 'servers';

const COMMANDS: Record<Mode, string[]> = {
  compiled: ['--enable-source-maps', join(ROOT, 'dist', 'server', 'main.js')],
  sources: ['--import', 'tsx', join(ROOT, 'server', 'main.ts')],
  servers: ['--import', 'tsx', fileURLToPath(import.meta.url), '--servers'],
};

/** Milliseconds from spawning the process to its ready line; the process is then stopped with SIGINT and awaited. */
async function timeStart(mode: Mode, dataDir: string, extraEnv: Record<string, string> = {}): Promise<number> {
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_DEV_UI_PORT: String(await freePort()),
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
    LOG_FORMAT: 'text',
    ADMIN_EMAIL: 'bench@comeback.test',
    ADMIN_PASSWORD: 'bench-Admin-password-42',
    ...extraEnv,
  };
  const started = performance.now();
  const child = spawn(process.execPath, mode === 'servers' ? [...COMMANDS.servers, dataDir] : COMMANDS[mode], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let readyAt: number | null = null;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (readyAt === null && /Ready\. Open|\[ready\]/.test(out)) {
      readyAt = performance.now() - started;
      if (mode !== 'servers') child.kill('SIGINT');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
  if (readyAt === null) throw new Error(`${mode} start exited with ${code} before it was ready:\n${out.slice(-3000)}`);
  return readyAt;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// PostgreSQL runs as the postgres system user when we are root: the directory must be reachable for it.
const dataDir = resolve(await mkdtemp(join(tmpdir(), 'comeback-bench-start-')));
await chmod(dataDir, 0o755);
try {
  const cold = await timeStart('compiled', dataDir, { DEMO_CUSTOMERS: '2000' });
  console.log(`[start] cold (new cluster, migrations, 2,000 demo customers): ${cold.toFixed(0)} ms`);
  const times: Record<Mode, number[]> = { compiled: [], sources: [], servers: [] };
  for (let i = 0; i < STARTS; i++) {
    for (const mode of ['compiled', 'sources', 'servers'] as const) times[mode].push(await timeStart(mode, dataDir));
    console.log(`[start] ${i + 1}: compiled ${times.compiled[i].toFixed(0)} ms, sources ${times.sources[i].toFixed(0)} ms, the two servers alone ${times.servers[i].toFixed(0)} ms`);
  }
  const floor = { value: Math.round(median(times.servers)), what: 'embedded PostgreSQL then the Temporal dev server, alone, same data directory' };
  figure({ name: `npm start to Ready, compiled build (median of ${STARTS})`, value: Math.round(median(times.compiled)), unit: 'ms', floor });
  figure({ name: `npm start to Ready, TypeScript sources through tsx, same workflow bundle (median of ${STARTS})`, value: Math.round(median(times.sources)), unit: 'ms', floor });
  figure({ name: 'npm start to Ready, first start (cluster, migrations, 2,000 demo customers)', value: Math.round(cold), unit: 'ms' });
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
