import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol, type InternalConnectionOptions } from '@temporalio/client/lib/connection';
import { tsToMs } from '@temporalio/common/lib/time';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { provisionTemporalCli } from '../../server/infra/temporalCli';
import { provisionTemporalTestServer } from '../../server/infra/temporalTestServer';
import { audienceScheduleId } from '../../workflows/ids';
import { until } from '../support/until';
import { descendantsOf, processInfo, stillRunning, waitUntilGone, type ProcessInfo } from './processes';

/**
 * `npm start` killed with SIGKILL (no handler of ours runs): the Temporal dev server and the simulations' test
 * server go with it, and a second start on the same data directory comes back healthy with the runs that were in
 * flight going on. Killed together with its watchdogs, it leaves the dev server behind: the next start stops it.
 */

const ADMIN_EMAIL = 'owner@bakery.test';
const ADMIN_PASSWORD = 'orphans test admin password';

let dataDir: string;
const children: ChildProcess[] = [];
const watched: ProcessInfo[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'comeback-orphans-'));
  // The embedded PostgreSQL runs as the postgres user when we are root: it must be able to walk in.
  await chmod(dataDir, 0o755);
  // Provision once here (cached), so the process under test never builds anything inside the test's time.
  const cli = await provisionTemporalCli(() => {});
  if (cli) process.env.TEMPORAL_CLI = cli;
  const testServer = await provisionTemporalTestServer(() => {});
  if (testServer) process.env.TEMPORAL_TEST_SERVER = testServer;
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const p of stillRunning(watched)) process.kill(p.pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  baseUrl: string;
  temporalAddress: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts Comeback on the test's data directory, on ports it picks itself (0: no race for a port found free). */
async function start(): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO_CUSTOMERS: '0',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    TEMPORAL_DEV_PORT: '0',
    TEMPORAL_DEV_UI_PORT: '0',
    // Readable lines: the URL and Temporal's address are read from them below.
    LOG_FORMAT: 'text',
  };
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = await until(
    'a healthy start',
    async () => {
      if (child.exitCode !== null) throw new Error(`Comeback exited with ${child.exitCode}:\n${output}`);
      const url = /Ready\. Open (http:\S+)/.exec(output)?.[1];
      return url && (await fetch(`${url}/api/health`).catch(() => null))?.status === 200 ? url : null;
    },
    300_000,
  );
  const temporalAddress = /Temporal dev server on (\S+)/.exec(output)![1];
  return { child, baseUrl, temporalAddress, output: () => output, exited };
}

/** Signs the admin in; returns a JSON caller with the session cookie and CSRF token. */
async function admin(baseUrl: string) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const { csrfToken } = await res.json();
  const cookie = res.headers.getSetCookie().find((l) => l.startsWith('comeback_session='))!.split(';')[0];
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const answer = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: answer.status, body: await answer.json() };
  };
}

/** Everyone subscribed to email gets a message, waits a day, and gets another. No quiet hours: any hour will do. */
const scenario = {
  format: 'scenario/v1',
  name: 'Два письма через день',
  settings: { timezone: 'Europe/Moscow' },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
    { id: 'audience', type: 'filter', config: { condition: { field: 'subscribed.email', op: 'eq', value: true } } },
    { id: 'hello', type: 'send', config: { channel: 'email', subject: 'Мы скучаем', text: '{{ customer.name }}, давно не виделись!' } },
    { id: 'w1', type: 'wait', config: { days: 1 } },
    { id: 'bye', type: 'send', config: { channel: 'email', subject: 'Ещё раз', text: 'Ждём вас снова' } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'hello' },
    { from: 'hello', port: 'out', to: 'w1' },
    { from: 'w1', port: 'out', to: 'bye' },
  ],
};

const anna = {
  id: 'anna',
  name: 'Анна',
  email: 'anna@example.ru',
  registeredAt: '2024-01-10T12:00:00+03:00',
  subscriptions: { email: true, sms: false, telegram: false, push: false },
};

const simulation = (days: number) => ({ scenario, start: '2026-03-02T00:00:00+03:00', days, customers: [anna], orders: [] });

test('kill -9 takes the Temporal servers along; the next start on the same data comes back with the runs in flight, and clears a server left by killall -9', { timeout: 600_000 }, async () => {
  const first = await start();
  const call = await admin(first.baseUrl);
  expect(await call('POST', '/api/customers', [anna])).toMatchObject({ status: 200 });
  const created = await call('POST', '/api/scenarios', scenario);
  expect(created).toMatchObject({ status: 201 });
  const scenarioId: string = created.body.id;
  expect(await call('POST', `/api/scenarios/${scenarioId}/publish`, {})).toMatchObject({ status: 200 });

  // Today's audience evaluation, now rather than at 10:00: Anna enters, gets the first message and waits.
  const connection = await Connection.connect({ address: first.temporalAddress });
  await new Client({ connection }).schedule.getHandle(audienceScheduleId(scenarioId)).trigger();
  await connection.close();
  const waiting = await until('Anna waiting at w1', async () => {
    const { body } = await call('GET', `/api/runs?scenarioId=${scenarioId}`);
    return body.items?.find((r: any) => r.customerId === 'anna' && r.currentNodeId === 'w1');
  });

  // A simulation starts the time-skipping test server, which stays up for the next one.
  const simulated = await call('POST', '/api/simulate', simulation(3));
  expect(simulated.status, `${JSON.stringify(simulated.body)}\n${first.output()}`).toBe(200);
  expect(simulated.body.runs[0]).toMatchObject({ customerId: 'anna', status: 'completed' });

  const tree = descendantsOf(first.child.pid!);
  watched.push(...tree);
  expect(tree.map((p) => p.command)).toContainEqual(expect.stringContaining('server start-dev'));
  const testServer = tree.find((p) => p.command.startsWith('java ') && p.command.includes('io.temporal.testserver.TestServer'));
  expect(testServer).toBeDefined();

  // Another simulation is under way when the process dies: the test server's clock has begun to skip through it.
  const clockOptions: InternalConnectionOptions = {
    address: `127.0.0.1:${testServer!.command.split(' ').at(-1)}`,
    [InternalConnectionOptionsSymbol]: { supportsTestService: true },
  };
  const clock = await Connection.connect(clockOptions);
  const serverNow = async () => tsToMs((await clock.testService!.getCurrentTime({})).time);
  const before = await serverNow();
  const inFlight = call('POST', '/api/simulate', simulation(90)).catch(() => null);
  await until('the second simulation to be under way', async () => (await serverNow()) > before + 2 * 86_400_000, 120_000);
  await clock.close();
  first.child.kill('SIGKILL');
  const killedAt = performance.now();
  await first.exited;
  await inFlight;
  expect(await waitUntilGone(tree)).toEqual([]);
  console.log(`[orphans] ${tree.length} child processes gone ${((performance.now() - killedAt) / 1000).toFixed(1)} s after kill -9`);

  const second = await start();
  const health = await (await fetch(`${second.baseUrl}/api/health`)).json();
  expect(health).toMatchObject({ status: 'ok', checks: { database: { status: 'ok' }, temporal: { status: 'ok' }, worker: { status: 'ok' } } });
  expect(second.output()).toContain('Customers in the database: 1');
  const again = await admin(second.baseUrl);
  const kept = await again('GET', `/api/runs/${encodeURIComponent(waiting.id)}`);
  expect(kept.body.run).toMatchObject({ status: 'running', currentNodeId: 'w1' });

  // The run goes on under the new process: support cuts the wait short and the second message goes out.
  expect((await again('POST', `/api/runs/${encodeURIComponent(waiting.id)}/skip-wait`, {})).status).toBe(200);
  const finished = await until('the run to complete', async () => {
    const { body } = await again('GET', `/api/runs/${encodeURIComponent(waiting.id)}`);
    return body.run?.status === 'completed' ? body : null;
  });
  expect(finished.steps.map((s: any) => [s.nodeId, s.outcome])).toEqual(expect.arrayContaining([['w1', 'skipped'], ['bye', expect.any(String)]]));

  // `killall -9 node`: the watchdogs die with Comeback, and the Temporal server is left running on the data
  // directory. The next start stops it before starting its own.
  const secondTree = descendantsOf(second.child.pid!);
  watched.push(...secondTree);
  const watchdogs = secondTree.filter((p) => p.command.includes('watchdog.mjs'));
  const leftover = secondTree.filter((p) => p.command.includes('server start-dev') && !watchdogs.includes(p));
  expect(leftover).toHaveLength(1);
  for (const p of [processInfo(second.child.pid!)!, ...watchdogs]) process.kill(p.pid, 'SIGKILL');
  await second.exited;
  expect(stillRunning(leftover)).toEqual(leftover);

  const third = await start();
  expect(third.output()).toContain('stopped a Temporal server left running on');
  expect(stillRunning(leftover)).toEqual([]);
  const thirdTree = descendantsOf(third.child.pid!);
  watched.push(...thirdTree);
  third.child.kill('SIGINT');
  expect(await third.exited).toBe(0);
  expect(await waitUntilGone(thirdTree)).toEqual([]);
});
