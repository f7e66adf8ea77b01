import { afterAll, beforeAll, expect, test } from 'vitest';
import { routeTable } from '../../server/api/route';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

test('the OpenAPI document describes every documented route with its access rule and error shape', async () => {
  const res = await api.get('/api/openapi.json');
  expect(res.status).toBe(200);
  const doc = res.body;
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'session']);

  const documented = new Set<string>();
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
  }
  const docsOnly = (p: string) => p.startsWith('/api/docs') || p === '/api/openapi.json';
  const served = routeTable(api.app).filter((r) => !docsOnly(r.path)).map((r) => `${r.method} ${r.path}`);
  expect(served.filter((r) => !documented.has(r))).toEqual([]);

  const users = doc.paths['/api/users'].post;
  expect(users.security).toEqual([{ session: [] }]);
  expect(users.description).toContain('Access: admin');
  expect(Object.keys(users.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '413']));
  expect(users.requestBody.content['application/json'].schema.properties.role.enum).toEqual(['admin', 'marketer', 'analyst', 'support']);
  expect(doc.paths['/api/health'].get.security).toEqual([]);
});

test('the docs page and its Swagger UI files are served locally', async () => {
  const page = await api.get('/api/docs');
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toContain('text/html');
  const assets = [...page.body.matchAll(/(?:src|href)="(\/api\/docs\/[^"]+)"/g)].map((m) => m[1]);
  expect(assets).toHaveLength(5);
  for (const asset of assets) {
    const res = await fetch(api.baseUrl + asset);
    expect(res.status, asset).toBe(200);
    expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
  }
  expect(page.body).not.toMatch(/https?:\/\//);
  expect((await api.get('/api/docs/assets/..%2F..%2Fpackage.json')).status).toBe(400);
});
