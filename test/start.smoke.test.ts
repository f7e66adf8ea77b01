import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort } from '../server/infra/freePort';
import { provisionTemporalCli } from '../server/infra/temporalCli';

/**
 * `npm start` as a user runs it: a fresh data directory, the embedded PostgreSQL and Temporal, demo data, the
 * worker. Then Ctrl-C, and a second start on the same directory that must find everything where it was.
 */

const ADMIN_EMAIL = 'owner@bakery.test';
const ADMIN_PASSWORD = 'smoke test admin password';

let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'comeback-start-'));
  // The embedded PostgreSQL runs as the postgres user when we are root: it must be able to walk in.
  await chmod(dataDir, 0o755);
  // Provision once here (cached), so the process under test never builds the CLI inside the test's time.
  const cli = await provisionTemporalCli(() => {});
  if (cli) process.env.TEMPORAL_CLI = cli;
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(): Promise<Started> {
  const started = await spawnStart();
  for (;;) {
    if (started.child.exitCode !== null) throw new Error(`npm start exited with ${started.child.exitCode}:\n${started.output()}`);
    try {
      const res = await fetch(`${started.baseUrl}/api/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return started;
}

async function spawnStart(): Promise<Started> {
  const [port, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO_CUSTOMERS: '200',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    TEMPORAL_DEV_PORT: String(temporalPort),
    TEMPORAL_DEV_UI_PORT: String(uiPort),
  };
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, baseUrl: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** Processes whose command line mentions the data directory (the Temporal dev server keeps its file there). */
function processesUsing(dir: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes(dir) && !line.includes('ps -eo'));
}

async function login(baseUrl: string, email: string, password: string) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = await res.json();
  const cookie = res.headers.getSetCookie().find((l) => l.startsWith('comeback_session='))?.split(';')[0];
  return { status: res.status, body, headers: { Cookie: cookie ?? '', 'X-CSRF-Token': body.csrfToken ?? '', 'Content-Type': 'application/json' } };
}

async function stop(started: Started): Promise<number | null> {
  started.child.kill('SIGINT');
  return started.exited;
}

test('npm start serves everything, stops cleanly on Ctrl-C, and a second start reuses the data', { timeout: 420_000 }, async () => {
  const first = await start();
  const health = await (await fetch(`${first.baseUrl}/api/health`)).json();
  expect(health).toMatchObject({ status: 'ok', checks: { database: { status: 'ok' }, temporal: { status: 'ok' }, worker: { status: 'ok' } } });
  expect(first.output()).toContain('loading a demo shop with 200 customers');
  expect(first.output()).toContain(`Ready. Open ${first.baseUrl}`);
  expect(first.output()).toMatch(/Temporal UI: http:\/\/127\.0\.0\.1:\d+/);

  const admin = await login(first.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
  expect(admin.status).toBe(200);
  expect(admin.body.user).toMatchObject({ role: 'admin', mustChangePassword: false });
  const created = await fetch(`${first.baseUrl}/api/users`, {
    method: 'POST',
    headers: admin.headers,
    body: JSON.stringify({ email: 'marketer@bakery.test', name: 'Марина', role: 'marketer', password: 'marketer password 1' }),
  });
  expect(created.status).toBe(201);

  const page = await fetch(`${first.baseUrl}/scenarios/some-client-side-route`);
  expect(page.headers.get('content-type')).toContain('text/html');
  const docs = await fetch(`${first.baseUrl}/api/docs`);
  expect(docs.status).toBe(200);

  // A second process on the same data directory would corrupt the embedded databases: it must refuse.
  const intruder = await spawnStart();
  expect(await intruder.exited).toBe(1);
  expect(intruder.output()).toContain('is in use by another Comeback process');
  expect((await fetch(`${first.baseUrl}/api/health`)).status).toBe(200);

  expect(processesUsing(dataDir).length).toBeGreaterThan(0);
  expect(await stop(first)).toBe(0);
  expect(first.output()).toContain('stopped.');
  expect(processesUsing(dataDir)).toEqual([]);

  const second = await start();
  expect(second.output()).not.toContain('loading a demo shop');
  expect(second.output()).toContain('Customers in the database: 200');
  expect(second.output()).not.toContain('Created the first admin');
  const marketer = await login(second.baseUrl, 'marketer@bakery.test', 'marketer password 1');
  expect(marketer.status).toBe(200);
  expect(marketer.body.user.role).toBe('marketer');
  expect(await stop(second)).toBe(0);
  expect(processesUsing(dataDir)).toEqual([]);
});
