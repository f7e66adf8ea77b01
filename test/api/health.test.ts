import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { WorkerHealth } from '../../server/api/deps';
import { startTemporalDevServer, type DevServer } from '../../server/infra/temporalDev';
import { startTestApi, type TestApi } from '../support/api';

let temporal: DevServer;
let connection: Connection;
let api: TestApi;
let worker: WorkerHealth = { status: 'ok', detail: 'polling comeback' };

beforeAll(async () => {
  temporal = await startTemporalDevServer({ dataDir: null, headless: true, log: () => {} });
  connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: 'default' });
  api = await startTestApi({
    deps: {
      temporal: { client, namespace: 'default', taskQueue: 'comeback', uiUrl: null },
      worker: { status: () => worker },
    },
  });
});

afterAll(async () => {
  await api?.stop();
  await connection?.close();
  await temporal?.stop();
});

test('healthy: PostgreSQL answers a query, Temporal its system info, the worker reports running', async () => {
  const res = await api.get('/api/health');
  expect(res.status).toBe(200);
  expect(res.body.status).toBe('ok');
  expect(res.body.checks.database.status).toBe('ok');
  expect(res.body.checks.temporal).toMatchObject({ status: 'ok', detail: expect.stringContaining('namespace default') });
  expect(res.body.checks.worker).toEqual({ status: 'ok', detail: 'polling comeback' });
});

test('a stopped worker makes the service unhealthy (503) and says why', async () => {
  const running = worker;
  worker = { status: 'down', detail: 'worker state FAILED' };
  try {
    const res = await api.get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('down');
    expect(res.body.checks.worker).toEqual({ status: 'down', detail: 'worker state FAILED' });
    expect(res.body.checks.database.status).toBe('ok');
  } finally {
    // Exactly as it was, so the other tests see the same healthy worker whatever their order.
    worker = running;
  }
});

test('without a worker in this process, the worker is reported as external and does not fail health', async () => {
  const noWorker = await startTestApi({ db: api.db, deps: { temporal: api.deps.temporal } });
  try {
    const res = await noWorker.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.checks.worker.status).toBe('external');
  } finally {
    await noWorker.stop();
  }
});

test('without Temporal the service is unhealthy', async () => {
  const noTemporal = await startTestApi({ db: api.db });
  try {
    const res = await noTemporal.get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body.checks.temporal.status).toBe('down');
  } finally {
    await noTemporal.stop();
  }
});

test('when PostgreSQL goes away, health says so with 503', async () => {
  const db = await import('../support/postgres').then((m) => m.startTestDatabase());
  const doomed = await startTestApi({ db, deps: { temporal: api.deps.temporal } });
  try {
    expect((await doomed.get('/api/health')).status).toBe(200);
    await db.stop();
    const res = await doomed.get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body.checks.database.status).toBe('down');
    expect(res.body.checks.temporal.status).toBe('ok');
  } finally {
    await doomed.stop();
  }
});

test('when the Temporal server stops, health says so with 503', async () => {
  // A dev server of its own to stop: the shared one stays up for the other tests, whatever their order.
  const doomed = await startTemporalDevServer({ dataDir: null, headless: true, log: () => {} });
  // Without the client's retry interceptor: a call to the stopped server would otherwise go on retrying in the
  // background for some 20 s after the check gave up, and throw once the connection is closed below.
  const doomedConnection = await Connection.connect({ address: doomed.address, interceptors: [] });
  const withDoomed = await startTestApi({
    db: api.db,
    deps: {
      temporal: { client: new Client({ connection: doomedConnection, namespace: 'default' }), namespace: 'default', taskQueue: 'comeback', uiUrl: null },
      worker: { status: () => ({ status: 'ok', detail: 'polling comeback' }) },
    },
  });
  try {
    expect((await withDoomed.get('/api/health')).status).toBe(200);
    await doomed.stop();
    const res = await withDoomed.get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body.checks.temporal.status).toBe('down');
  } finally {
    await withDoomed.stop();
    await doomedConnection.close();
    await doomed.stop();
  }
});
