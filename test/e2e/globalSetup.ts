import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../server/infra/freePort';
import { runCommand } from '../../server/infra/run';
import { provisionTemporalCli } from '../../server/infra/temporalCli';
import { provisionTemporalTestServer } from '../../server/infra/temporalTestServer';
import { buildProduct } from '../../scripts/build.mjs';
import { E2E_ADMIN } from './credentials';

const root = resolve(import.meta.dirname, '../..');
const say = (line: string) => console.log(`[e2e] ${line}`);

async function waitForHealth(url: string, child: ChildProcess, logFile: string) {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dist/server/main.js exited with code ${child.exitCode}; see ${logFile}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not become healthy within 5 minutes; see ${logFile}`);
}

/** Starts the product the way `npm start` does (its compiled build), on free ports with a throwaway data directory. */
export default async function globalSetup() {
  // `npm test` has built dist/ already; run on its own (npx playwright test), this builds what changed.
  await buildProduct();
  const cli = await provisionTemporalCli(say);
  const testServer = await provisionTemporalTestServer(say);
  const [port, devPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  const dataDir = await mkdtemp(join(tmpdir(), 'comeback-e2e-'));
  // The embedded PostgreSQL runs as the postgres user when we are root: it must be able to walk in.
  await chmod(dataDir, 0o755);
  const logDir = join(root, 'test-results');
  await mkdir(logDir, { recursive: true });
  const logFile = join(logDir, 'e2e-server.log');
  const log = createWriteStream(logFile);
  // Its own process group, so teardown can also reach anything it started that outlives it.
  const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist', 'server', 'main.js')], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_CUSTOMERS: '300',
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      TEMPORAL_DEV_PORT: String(devPort),
      TEMPORAL_DEV_UI_PORT: String(uiPort),
      ...(cli ? { TEMPORAL_CLI: cli } : {}),
      ...(testServer ? { TEMPORAL_TEST_SERVER: testServer } : {}),
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      // Readable lines: the database's address is read from them below.
      LOG_FORMAT: 'text',
    },
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  // The embedded database's address as the server announces it (the log file is shared by concurrent runs).
  let announced = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    if (announced.length < 20_000) announced += chunk.toString('utf8');
  });
  const url = `http://127.0.0.1:${port}`;
  say(`starting the server on ${url} (log: test-results/e2e-server.log)…`);
  try {
    await waitForHealth(url, child, logFile);
  } catch (error) {
    killGroup(child.pid!, 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  process.env.E2E_BASE_URL = url;
  // Specs that must put a customer into a live run (support desk) talk to the embedded Temporal directly.
  process.env.E2E_TEMPORAL_ADDRESS = `127.0.0.1:${devPort}`;
  // Specs that seed data with SQL (analytics) connect to the embedded PostgreSQL with the password it keeps in DATA_DIR.
  const database = /serving it on (postgres:\/\/[^:]+:)\*\*\*(@\S+)/.exec(announced);
  if (database) {
    const password = (await readFile(join(dataDir, 'postgres', 'password'), 'utf8')).trim();
    process.env.E2E_DATABASE_URL = `${database[1]}${encodeURIComponent(password)}${database[2]}`;
  }
  say('server ready');

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      // An orderly stop first (it stops Temporal and the database), then whatever is left in the group.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    killGroup(child.pid!, 'SIGKILL');
    log.end();
    await rm(dataDir, { recursive: true, force: true });
  };
}

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already empty.
  }
}
