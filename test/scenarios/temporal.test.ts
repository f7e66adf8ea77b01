import { Client, Connection, ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/infra/freePort';
import { startTemporalDevServer, type DevServer } from '../../server/infra/temporalDev';
import { createScenarioRuntime } from '../../server/temporal/scenarioRuntime';
import { audienceScheduleId } from '../../workflows/ids';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';
import { reactivation } from './documents';

/** The lifecycle API against the real runtime: what a marketer does in the UI shows up as Temporal Schedule state. */
describe('scenario lifecycle on a real Temporal server', () => {
  let temporal: DevServer;
  let connection: Connection;
  let client: Client;
  let api: TestApi;
  let marketer: SignedInClient;

  beforeAll(async () => {
    temporal = await startTemporalDevServer({ dataDir: null, headless: true, log: () => {} });
    connection = await Connection.connect({ address: temporal.address });
    client = new Client({ connection, namespace: 'default' });
    api = await startTestApi();
    api.deps.runtime = createScenarioRuntime({ client, sql: api.sql, taskQueue: 'comeback-lifecycle-test' });
    marketer = await api.loginAs('marketer');
  });
  afterAll(async () => {
    await api?.stop();
    await connection?.close();
    await temporal?.stop();
  });

  const schedule = (id: string) => client.schedule.getHandle(audienceScheduleId(id)).describe();

  it('publish creates the daily schedule, re-publish moves it, pause/resume toggle it, archive removes it', async () => {
    const { body: draft } = await marketer.post('/api/scenarios', reactivation('Расписание'));
    expect((await marketer.post(`/api/scenarios/${draft.id}/publish`)).status).toBe(200);

    let described = await schedule(draft.id);
    expect(described.spec.timezone).toBe('Europe/Moscow');
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 10, end: 10 }], minute: [{ start: 0, end: 0 }] });
    expect(described.state.paused).toBe(false);

    const moved = reactivation('Расписание');
    moved.nodes[0].config = { at: '11:30' };
    moved.settings.timezone = 'Asia/Vladivostok';
    expect((await marketer.put(`/api/scenarios/${draft.id}`, { document: moved, baseRevision: 1 })).status).toBe(200);
    expect((await marketer.post(`/api/scenarios/${draft.id}/publish`, { draftRevision: 2 })).body.version).toBe(2);
    described = await schedule(draft.id);
    expect(described.spec.timezone).toBe('Asia/Vladivostok');
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 11, end: 11 }], minute: [{ start: 30, end: 30 }] });

    expect((await marketer.post(`/api/scenarios/${draft.id}/pause`)).body.status).toBe('paused');
    expect((await schedule(draft.id)).state.paused).toBe(true);
    expect((await marketer.post(`/api/scenarios/${draft.id}/resume`)).body.status).toBe('active');
    expect((await schedule(draft.id)).state.paused).toBe(false);

    expect((await marketer.post(`/api/scenarios/${draft.id}/archive`)).body.status).toBe('archived');
    await expect(schedule(draft.id)).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });

  it('answers 503 and keeps the draft unpublished when Temporal is unreachable', async () => {
    const { body: draft } = await marketer.post('/api/scenarios', reactivation('Без Temporal'));
    // Nothing listens on this port: every call fails the way it does while Temporal is down.
    const lostConnection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
    const lostClient = new Client({ connection: lostConnection, namespace: 'default' });
    const runtime = api.deps.runtime;
    api.deps.runtime = createScenarioRuntime({ client: lostClient, sql: api.sql, taskQueue: 'comeback-lifecycle-test' });
    try {
      const res = await marketer.post(`/api/scenarios/${draft.id}/publish`);
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('runtime_failed');
      expect((await marketer.get(`/api/scenarios/${draft.id}`)).body).toMatchObject({ status: 'draft', currentVersion: null });
      expect((await marketer.get(`/api/scenarios/${draft.id}/versions`)).body.versions).toEqual([]);
    } finally {
      api.deps.runtime = runtime;
      await lostConnection.close();
    }
    await expect(schedule(draft.id)).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });
});
