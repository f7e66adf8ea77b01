import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';
import { corrupt, reactivation, unfinished } from './documents';
import { RecordingRuntime } from './recordingRuntime';

describe('scenarios API', () => {
  let api: TestApi;
  let runtime: RecordingRuntime;
  let marketer: SignedInClient;
  let analyst: SignedInClient;
  let support: SignedInClient;
  beforeAll(async () => {
    runtime = new RecordingRuntime();
    api = await startTestApi({ deps: { runtime } });
    [marketer, analyst, support] = await Promise.all([api.loginAs('marketer'), api.loginAs('analyst'), api.loginAs('support')]);
  });
  afterAll(() => api?.stop());

  const scenarioCount = async () => (await api.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM scenarios`)[0].n;

  it('creates a draft, shows it with its problems, and lists it', async () => {
    const created = await marketer.post('/api/scenarios', unfinished('Черновик для списка'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', draftRevision: 1, currentVersion: null, publishable: false, createdBy: { id: marketer.user.id } });

    const shown = await analyst.get(`/api/scenarios/${created.body.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body.document.nodes.map((n: { id: string }) => n.id)).toEqual(['start', 'hello']);
    expect(shown.body.problems).toContainEqual(expect.objectContaining({ severity: 'error', code: 'node.unreachable', nodeId: 'hello' }));

    const listed = await support.get('/api/scenarios');
    expect(listed.status).toBe(200);
    expect(listed.body.scenarios).toContainEqual(
      expect.objectContaining({ id: created.body.id, name: 'Черновик для списка', status: 'draft', counts: { inFlight: 0, conversions: 0, enteredToday: 0 } }),
    );
  });

  it('lets marketers write, analysts read, and support see versions only', async () => {
    const { body } = await marketer.post('/api/scenarios', reactivation());
    expect((await analyst.post('/api/scenarios', reactivation())).status).toBe(403);
    expect((await analyst.put(`/api/scenarios/${body.id}`, { document: reactivation(), baseRevision: 1 })).status).toBe(403);
    expect((await analyst.post(`/api/scenarios/${body.id}/publish`)).status).toBe(403);
    expect((await support.get(`/api/scenarios/${body.id}`)).status).toBe(403);
    expect((await support.get(`/api/scenarios/${body.id}/versions`)).status).toBe(200);
    expect((await api.get('/api/scenarios')).status).toBe(401);
    const token = await api.withToken(['ingest']);
    expect((await token.get('/api/scenarios')).status).toBe(403);
  });

  it.each(Object.entries(corrupt))('answers 400 with the precise problem and stores nothing: %s', async (_name, { document, code }) => {
    const before = await scenarioCount();
    const res = await marketer.post('/api/scenarios', document());
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('scenario_invalid');
    expect(res.body.error.problems.map((p: { code: string }) => p.code)).toContain(code);
    expect(res.body.error.issues.length).toBeGreaterThan(0);
    expect(res.body.error.issues[0]).toEqual({ path: expect.any(String), code: expect.any(String), message: expect.any(String) });
    expect(await scenarioCount()).toBe(before);
  });

  it('names the node and the field of an out-of-range value, in Russian first and in English on request', async () => {
    const ru = await marketer.post('/api/scenarios', corrupt['out-of-range value'].document());
    const problem = ru.body.error.problems.find((p: { code: string }) => p.code === 'node.config');
    expect(problem).toMatchObject({ nodeId: 'w7', path: 'nodes[4].config.days' });
    expect(ru.body.error.issues).toContainEqual({ path: 'nodes[4].config.days', code: 'node.config', message: problem.message.ru });
    const en = await marketer.post('/api/scenarios', corrupt['out-of-range value'].document(), { headers: { 'Accept-Language': 'en' } });
    expect(en.body.error.message).toMatch(/not saved/);
  });

  it('refuses a body over 5 MB with 413 and a body that is not JSON with 400, storing nothing', async () => {
    const before = await scenarioCount();
    const huge = JSON.stringify({ ...reactivation(), description: 'я'.repeat(3 * 1024 * 1024) });
    const tooLarge = await marketer.post('/api/scenarios', undefined, { raw: huge, headers: { 'Content-Type': 'application/json' } });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('payload_too_large');
    const notJson = await marketer.post('/api/scenarios', undefined, { raw: '{"format": "scenario/v1", ', headers: { 'Content-Type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect(await scenarioCount()).toBe(before);
  });

  it('answers 409 with the current revision when another tab saved first', async () => {
    const { body } = await marketer.post('/api/scenarios', reactivation());
    const colleague = await api.loginAs('marketer');
    expect((await colleague.put(`/api/scenarios/${body.id}`, { document: reactivation('Правка коллеги'), baseRevision: 1 })).status).toBe(200);
    const stale = await marketer.put(`/api/scenarios/${body.id}`, { document: reactivation('Моя правка'), baseRevision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'revision_conflict', currentRevision: 2 });
    expect(stale.body.error.message).toContain(colleague.user.name);
    const fresh = await marketer.put(`/api/scenarios/${body.id}`, { document: reactivation('Моя правка'), baseRevision: 2 });
    expect(fresh.body).toMatchObject({ draftRevision: 3, name: 'Моя правка', updatedBy: { id: marketer.user.id } });
  });

  it('publishes, versions, pauses, resumes and archives, with an audit entry for each', async () => {
    const { body: draft } = await marketer.post('/api/scenarios', reactivation('Жизненный цикл'));
    const published = await marketer.post(`/api/scenarios/${draft.id}/publish`, { draftRevision: 1 });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ version: 1, scenario: { status: 'active', currentVersion: 1 } });
    expect(runtime.calls.at(-1)).toMatchObject({ call: 'published', scenarioId: draft.id, version: 1 });

    const versions = await analyst.get(`/api/scenarios/${draft.id}/versions`);
    expect(versions.body.versions).toEqual([
      { version: 1, name: 'Жизненный цикл', publishedAt: expect.any(String), publishedBy: { id: marketer.user.id, name: marketer.user.name }, current: true },
    ]);
    const v1 = await support.get(`/api/scenarios/${draft.id}/versions/1`);
    expect(v1.body).toMatchObject({ version: 1, document: { name: 'Жизненный цикл' }, plan: { scenarioId: draft.id, version: 1, entry: 'hello' } });
    expect((await support.get(`/api/scenarios/${draft.id}/versions/7`)).body.error.code).toBe('version_not_found');

    expect((await marketer.post(`/api/scenarios/${draft.id}/pause`)).body.status).toBe('paused');
    expect((await marketer.post(`/api/scenarios/${draft.id}/resume`)).body.status).toBe('active');
    expect((await marketer.post(`/api/scenarios/${draft.id}/archive`)).body.status).toBe('archived');
    const edit = await marketer.put(`/api/scenarios/${draft.id}`, { document: reactivation(), baseRevision: 1 });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('scenario_archived');

    const audit = await api.sql<{ action: string; user_id: number; details: { version?: number } }[]>`
      SELECT action, user_id, details FROM audit_log WHERE entity = ${`scenario:${draft.id}`} ORDER BY id`;
    expect(audit.map((a) => a.action)).toEqual(['scenario.create', 'scenario.publish', 'scenario.pause', 'scenario.resume', 'scenario.archive']);
    expect(audit.every((a) => a.user_id === marketer.user.id)).toBe(true);
    expect(audit[1].details.version).toBe(1);
  });

  it('answers publish of an unfinished draft with 400 and every problem', async () => {
    const { body } = await marketer.post('/api/scenarios', unfinished());
    const res = await marketer.post(`/api/scenarios/${body.id}/publish`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('scenario_not_publishable');
    expect(res.body.error.problems).toContainEqual(expect.objectContaining({ code: 'node.unreachable', nodeId: 'hello' }));
    expect((await marketer.get(`/api/scenarios/${body.id}`)).body.status).toBe('draft');
  });

  it('answers 503 and changes nothing when the runtime fails', async () => {
    const { body } = await marketer.post('/api/scenarios', reactivation());
    runtime.failNext('published', new Error('14 UNAVAILABLE: No connection established'));
    const res = await marketer.post(`/api/scenarios/${body.id}/publish`);
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'runtime_failed', message: expect.stringContaining('UNAVAILABLE') });
    expect((await marketer.get(`/api/scenarios/${body.id}`)).body).toMatchObject({ status: 'draft', currentVersion: null });

    const withoutRuntime = await startTestApi({ db: api.db });
    try {
      const m = await withoutRuntime.loginAs('marketer');
      const res2 = await m.post(`/api/scenarios/${body.id}/publish`);
      expect(res2.status).toBe(503);
      expect(res2.body.error.code).toBe('runtime_unavailable');
    } finally {
      await withoutRuntime.stop();
    }
  });

  it('validates a document without storing it', async () => {
    const before = await scenarioCount();
    const ok = await analyst.post('/api/scenarios/validate', reactivation());
    expect(ok.body).toEqual({ problems: [], publishable: true });
    const bad = await marketer.post('/api/scenarios/validate', corrupt.cycle.document());
    expect(bad.body.publishable).toBe(false);
    expect(bad.body.problems).toContainEqual(expect.objectContaining({ code: 'graph.cycle', severity: 'error' }));
    expect(await scenarioCount()).toBe(before);
  });

  it('exports the document as a file that imports back as a new draft', async () => {
    const { body } = await marketer.post('/api/scenarios', reactivation('Возврат: полгода'));
    const exported = await analyst.get(`/api/scenarios/${body.id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toBe(
      `attachment; filename="Vozvrat_polgoda.scenario.json"; filename*=UTF-8''${encodeURIComponent('Возврат полгода.scenario.json')}`,
    );
    expect(exported.body).toMatchObject({ format: 'scenario/v1', name: 'Возврат: полгода', nodes: reactivation().nodes.map((n) => expect.objectContaining({ id: n.id })) });

    const imported = await marketer.post('/api/scenarios/import', exported.body);
    expect(imported.status).toBe(201);
    expect(imported.body.id).not.toBe(body.id);
    expect(imported.body.document).toEqual(exported.body);
    expect(imported.body.publishable).toBe(true);

    await marketer.post(`/api/scenarios/${body.id}/publish`);
    await marketer.put(`/api/scenarios/${body.id}`, { document: reactivation('Другое имя'), baseRevision: 1 });
    const v1 = await analyst.get(`/api/scenarios/${body.id}/export?version=1`);
    expect(v1.body.name).toBe('Возврат: полгода');
  });

  it('duplicates a scenario into a new draft', async () => {
    const { body } = await marketer.post('/api/scenarios', reactivation('Оригинал'));
    await marketer.post(`/api/scenarios/${body.id}/publish`);
    const copy = await marketer.post(`/api/scenarios/${body.id}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ name: 'Оригинал (копия)', status: 'draft', currentVersion: null, draftRevision: 1 });
  });

  it('answers 404 for unknown and malformed ids', async () => {
    expect((await marketer.get('/api/scenarios/00000000-0000-4000-8000-000000000000')).body.error.code).toBe('scenario_not_found');
    const malformed = await marketer.get('/api/scenarios/not-a-uuid');
    expect(malformed.status).toBe(404);
    expect((await marketer.post('/api/scenarios/not-a-uuid/publish')).status).toBe(404);
  });
});

describe('scenarios API documentation', () => {
  it('describes every scenario route in the OpenAPI document', async () => {
    const api = await startTestApi();
    try {
      const res = await api.get('/api/openapi.json');
      expect(res.status).toBe(200);
      const paths = Object.keys(res.body.paths).filter((p) => p.startsWith('/api/scenarios'));
      // Other areas (reports, A/B, audience) add their own routes under /api/scenarios too.
      expect(paths).toEqual(
        expect.arrayContaining([
          '/api/scenarios',
          '/api/scenarios/import',
          '/api/scenarios/validate',
          '/api/scenarios/{id}',
          '/api/scenarios/{id}/archive',
          '/api/scenarios/{id}/duplicate',
          '/api/scenarios/{id}/export',
          '/api/scenarios/{id}/pause',
          '/api/scenarios/{id}/publish',
          '/api/scenarios/{id}/resume',
          '/api/scenarios/{id}/versions',
          '/api/scenarios/{id}/versions/{version}',
        ]),
      );
      expect(res.body.components.schemas.ScenarioProblem).toBeDefined();
    } finally {
      await api.stop();
    }
  });
});
