import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_LIMITS } from '../../shared/webhooks/limits';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';
import { RecordingRuntime } from '../scenarios/recordingRuntime';

let api: TestApi;
let admin: SignedInClient;
let marketer: SignedInClient;
beforeAll(async () => {
  api = await startTestApi({ deps: { runtime: new RecordingRuntime() } });
  [admin, marketer] = await Promise.all([api.loginAs('admin'), api.loginAs('marketer')]);
});
afterAll(async () => {
  await api?.stop();
});

const CRM = { name: 'CRM', url: 'https://crm.example.ru/hooks/comeback' };

/** trigger → webhook to `endpoint`. */
const scenario = (endpoint: string) => ({
  format: 'scenario/v1',
  name: `Передать в ${endpoint}`,
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
    { id: 'hook', type: 'webhook', config: { endpoint } },
  ],
  edges: [{ from: 'start', port: 'out', to: 'hook' }],
});

describe('webhook endpoints', () => {
  let id: number;

  it('an admin creates one and sees its secret once; later answers show only its last characters', async () => {
    const created = await admin.post('/api/settings/webhooks', CRM);
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.body.endpoint).toMatchObject({ ...CRM, enabled: true, secretHint: `…${created.body.secret.slice(-4)}` });
    id = created.body.endpoint.id;

    const listed = await admin.get('/api/settings/webhooks');
    expect(listed.body).toMatchObject({ endpoints: [{ id, name: 'CRM' }], limit: WEBHOOK_LIMITS.endpoints });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    const audit = await api.sql<{ action: string; details: unknown }[]>`SELECT action, details FROM audit_log WHERE entity = ${`webhook:${id}`}`;
    expect(audit).toEqual([{ action: 'settings.webhook.create', details: { after: { ...CRM, enabled: true } } }]);
    expect(JSON.stringify(audit)).not.toContain(created.body.secret);
  });

  it('rotating the secret gives a new one, once, and is audited', async () => {
    const before = (await api.sql<{ secret: string }[]>`SELECT secret FROM webhook_endpoints WHERE id = ${id}`)[0].secret;
    const rotated = await admin.post(`/api/settings/webhooks/${id}/secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(before);
    expect((await admin.get('/api/settings/webhooks')).body.endpoints[0].secretHint).toBe(`…${rotated.body.secret.slice(-4)}`);
    const [entry] = await api.sql<{ action: string }[]>`SELECT action FROM audit_log WHERE entity = ${`webhook:${id}`} ORDER BY id DESC LIMIT 1`;
    expect(entry.action).toBe('settings.webhook.rotateSecret');
  });

  it('refuses plain http, a taken name, overlong values and unknown fields, naming the fields', async () => {
    const http = await admin.post('/api/settings/webhooks', { name: 'Склад', url: 'http://stock.example.ru/hook' });
    expect(http.status).toBe(400);
    expect(http.body.error).toMatchObject({ code: 'webhook_url', issues: [{ path: 'url' }] });
    expect(http.body.error.message).toMatch(/https:\/\//);
    const loopback = await admin.post('/api/settings/webhooks', { name: 'Склад', url: 'http://127.0.0.1:9000/hook' });
    expect(loopback.status).toBe(400);
    const taken = await admin.post('/api/settings/webhooks', { name: 'CRM', url: 'https://other.example.ru/' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toBe('Вебхук с названием «CRM» уже есть');
    const wild = await admin.post('/api/settings/webhooks', { name: 'x'.repeat(65), url: `https://a.ru/${'a'.repeat(2100)}`, secret: 'mine' });
    expect(wild.status).toBe(400);
    expect(wild.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['', 'name', 'url']);
  });

  it('only admins manage endpoints; marketers read the names the node can pick', async () => {
    expect((await marketer.get('/api/settings/webhooks')).status).toBe(403);
    expect((await marketer.post('/api/settings/webhooks', { name: 'Склад', url: 'https://stock.example.ru/' })).status).toBe(403);
    expect((await marketer.put(`/api/settings/webhooks/${id}`, { enabled: false })).status).toBe(403);
    expect((await marketer.post(`/api/settings/webhooks/${id}/secret`)).status).toBe(403);
    expect((await marketer.delete(`/api/settings/webhooks/${id}`)).status).toBe(403);
    const names = await marketer.get('/api/settings/webhooks/names');
    expect(names.body).toEqual({ endpoints: [{ name: 'CRM', enabled: true }] });
    const support = await api.loginAs('support');
    expect((await support.get('/api/settings/webhooks/names')).status).toBe(403);
  });

  it('publishing a webhook node with an unknown endpoint is refused with a problem naming it', async () => {
    const created = await marketer.post('/api/scenarios', scenario('Склад'));
    expect(created.status).toBe(201);
    const published = await marketer.post(`/api/scenarios/${created.body.id}/publish`);
    expect(published.status).toBe(400);
    expect(published.body.error.problems).toEqual([
      expect.objectContaining({
        code: 'webhook.unknownEndpoint',
        nodeId: 'hook',
        message: expect.objectContaining({ ru: 'Узел «Вебхук: Склад»: вебхука «Склад» нет в настройках. Выберите один из настроенных: «CRM»' }),
      }),
    ]);
    const checked = await marketer.post('/api/scenarios/validate', scenario('Склад'));
    expect(checked.body.problems).toContainEqual(expect.objectContaining({ code: 'webhook.unknownEndpoint', nodeId: 'hook' }));
  });

  it('an endpoint a published scenario calls can be switched off, but neither renamed nor deleted', async () => {
    const created = await marketer.post('/api/scenarios', scenario('CRM'));
    expect((await marketer.post(`/api/scenarios/${created.body.id}/publish`)).status).toBe(200);
    const rename = await admin.put(`/api/settings/webhooks/${id}`, { name: 'CRM 2' });
    expect(rename.status).toBe(409);
    expect(rename.body.error.message).toMatch(/^Вебхук «CRM» нельзя переименовать: его вызывают опубликованные сценарии «Передать в CRM»/);
    expect((await admin.delete(`/api/settings/webhooks/${id}`)).status).toBe(409);
    const off = await admin.put(`/api/settings/webhooks/${id}`, { enabled: false });
    expect(off.status).toBe(200);
    expect(off.body.enabled).toBe(false);
    const [entry] = await api.sql<{ details: unknown }[]>`SELECT details FROM audit_log WHERE action = 'settings.webhook.update' ORDER BY id DESC LIMIT 1`;
    expect(entry.details).toEqual({ before: { ...CRM, enabled: true }, after: { ...CRM, enabled: false } });

    await marketer.post(`/api/scenarios/${created.body.id}/archive`);
    expect((await admin.delete(`/api/settings/webhooks/${id}`)).status).toBe(204);
    expect((await admin.get('/api/settings/webhooks')).body.endpoints).toEqual([]);
  });

  it(`holds at most ${WEBHOOK_LIMITS.endpoints} endpoints`, async () => {
    const answers = await Promise.all(
      Array.from({ length: WEBHOOK_LIMITS.endpoints + 3 }, (_, i) => admin.post('/api/settings/webhooks', { name: `Hook ${i}`, url: `https://hooks.example.ru/${i}` })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(WEBHOOK_LIMITS.endpoints);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.error.code)).toEqual(['webhook_limit', 'webhook_limit', 'webhook_limit']);
  });
});
