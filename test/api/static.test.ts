import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'comeback-dist-'));
  await mkdir(join(dir, 'dist', 'assets'), { recursive: true });
  await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(join(dir, 'dist', 'assets', 'index-abc123.js'), 'console.log("editor")');
  await writeFile(join(dir, 'secret.txt'), 'outside the editor directory');
  api = await startTestApi({ deps: { editorDir: join(dir, 'dist') } });
});

afterAll(async () => {
  await api?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('client-side routes get index.html so a reload keeps the page', async () => {
  for (const path of ['/', '/scenarios/42/edit', '/runs?status=running']) {
    const res = await api.get(path);
    expect(res.status, path).toBe(200);
    expect(res.body).toContain('<div id="root">');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  }
});

test('hashed assets are served with their type and cached for long', async () => {
  const res = await api.get('/assets/index-abc123.js');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/javascript');
  expect(res.headers.get('cache-control')).toContain('immutable');
  expect(res.body).toBe('console.log("editor")');
});

test('a missing asset is a 404, not the app page', async () => {
  expect((await api.get('/assets/gone-123.js')).status).toBe(404);
});

test('nothing outside the editor directory is reachable', async () => {
  for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2F..%2Fsecret.txt']) {
    const res = await api.get(path);
    expect(String(res.body), path).not.toContain('outside the editor directory');
  }
});
