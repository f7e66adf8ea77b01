import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';

let api: TestApi;
let admin: SignedInClient;
beforeAll(async () => {
  api = await startTestApi();
  admin = await api.loginAs('admin');
});
afterAll(async () => {
  await api?.stop();
});

describe('users', () => {
  test('an admin creates a user with a chosen password, who can then sign in with their role', async () => {
    const res = await admin.post('/api/users', { email: 'ivan@shop.ru', name: 'Иван', role: 'analyst', password: 'analyst password 1' });
    expect(res.status).toBe(201);
    expect(res.body.oneTimePassword).toBeNull();
    const ivan = await api.login('ivan@shop.ru', 'analyst password 1');
    expect(ivan.user.role).toBe('analyst');
    expect(ivan.user.mustChangePassword).toBe(false);
    const list = await admin.get('/api/users');
    expect(list.body.users.map((u: { email: string }) => u.email)).toContain('ivan@shop.ru');
  });

  test('an email is taken only once, whatever its case', async () => {
    await admin.post('/api/users', { email: 'dup@shop.ru', name: 'A', role: 'support', password: 'support password 1' });
    const again = await admin.post('/api/users', { email: 'DUP@shop.ru', name: 'B', role: 'support', password: 'support password 1' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('email_taken');
  });

  test('invalid users are refused with every field named', async () => {
    const res = await admin.post('/api/users', { email: 'not-an-email', name: '', role: 'boss' });
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['email', 'name', 'role']);
  });

  test('a role change takes effect at once: the old sessions end', async () => {
    const user = await api.loginAs('marketer');
    const res = await admin.patch(`/api/users/${user.user.id}`, { role: 'support', name: 'Переведён в поддержку' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ role: 'support', name: 'Переведён в поддержку' });
    expect((await user.get('/api/auth/me')).status).toBe(401);
    const again = await api.login(user.user.email, user.password);
    expect(again.user.role).toBe('support');
  });

  test('a password reset gives a one-time password and ends the sessions', async () => {
    const user = await api.loginAs('support');
    const res = await admin.patch(`/api/users/${user.user.id}`, { resetPassword: true });
    expect(res.status).toBe(200);
    expect(res.body.user.mustChangePassword).toBe(true);
    expect((await user.get('/api/auth/me')).status).toBe(401);
    const fresh = await api.login(user.user.email, res.body.oneTimePassword);
    expect(fresh.user.mustChangePassword).toBe(true);
  });

  test('the last active admin cannot be disabled or demoted, nor can admins disable themselves', async () => {
    const solo = await startTestApi({ db: api.db });
    try {
      // This database has other admins (at least the file's own); disable all but one to test the guard.
      const lone = await solo.loginAs('admin');
      const others = await api.sql<{ id: number }[]>`
        UPDATE users SET disabled_at = now() WHERE role = 'admin' AND id <> ${lone.user.id} AND disabled_at IS NULL RETURNING id`;
      try {
        const demote = await lone.patch(`/api/users/${lone.user.id}`, { role: 'marketer' });
        expect(demote.status).toBe(409);
        expect(demote.body.error.code).toBe('last_admin');
        const disable = await lone.patch(`/api/users/${lone.user.id}`, { disabled: true });
        expect(disable.status).toBe(409);
      } finally {
        // Even when an assertion fails: the other tests act as the file's admin.
        await api.sql`UPDATE users SET disabled_at = NULL WHERE id = ANY(${others.map((o) => o.id)})`;
      }
      const self = await lone.patch(`/api/users/${lone.user.id}`, { disabled: true });
      expect(self.status).toBe(409);
      expect(self.body.error.code).toBe('self_disable');
    } finally {
      await solo.stop();
    }
  });

  test('an unknown user is 404', async () => {
    const res = await admin.patch('/api/users/987654', { name: 'x' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('user_not_found');
  });

  test('user changes are audited with who did them', async () => {
    const created = await admin.post('/api/users', { email: 'audited@shop.ru', name: 'A', role: 'support', password: 'support password 2' });
    await admin.patch(`/api/users/${created.body.user.id}`, { disabled: true });
    const rows = await api.sql<{ action: string; user_id: number }[]>`
      SELECT action, user_id FROM audit_log WHERE entity = ${`user:${created.body.user.id}`} ORDER BY id`;
    expect(rows).toEqual([
      { action: 'user.create', user_id: admin.user.id },
      { action: 'user.disable', user_id: admin.user.id },
    ]);
  });
});

describe('API tokens', () => {
  test('a token is shown once, stored hashed, works until revoked', async () => {
    const created = await admin.post('/api/tokens', { name: '1С: выгрузка заказов', scopes: ['ingest'] });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^cbk_/);
    expect(created.body.info).toMatchObject({ name: '1С: выгрузка заказов', scopes: ['ingest'], revokedAt: null, createdBy: admin.user.id });

    const listed = await admin.get('/api/tokens');
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(listed.body.tokens[0].prefix).toBe(token.slice(0, 10));
    const [stored] = await api.sql<{ token_hash: string }[]>`SELECT token_hash FROM api_tokens WHERE id = ${created.body.info.id}`;
    expect(stored.token_hash).not.toContain(token.slice(4));

    // The token authenticates: on a route it may not use it is refused for scope (403), not as unknown (401).
    const bearer = { Authorization: `Bearer ${token}` };
    expect((await api.get('/api/users', { headers: bearer })).body.error.code).toBe('token_scope');

    const revoked = await admin.delete(`/api/tokens/${created.body.info.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.info.revokedAt).not.toBeNull();
    const after = await api.get('/api/users', { headers: bearer });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_token');

    const rows = await api.sql<{ action: string }[]>`SELECT action FROM audit_log WHERE entity = ${`token:${created.body.info.id}`} ORDER BY id`;
    expect(rows.map((r) => r.action)).toEqual(['token.create', 'token.revoke']);
  });

  test('unknown scopes and unknown tokens are refused', async () => {
    const bad = await admin.post('/api/tokens', { name: 'x', scopes: ['everything'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('scopes.0');
    expect((await admin.delete('/api/tokens/424242')).status).toBe(404);
  });
});

describe('error shape and limits', () => {
  test('a JSON body over 5 MB is refused with 413 before it is read', async () => {
    const big = JSON.stringify({ email: 'x'.repeat(6 * 1024 * 1024), password: 'x' });
    const res = await admin.request('POST', '/api/auth/login', undefined, { raw: big, headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  test('a body sent in chunks without Content-Length is limited too', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 6) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${api.baseUrl}/api/users`, {
      method: 'POST',
      headers: { ...admin.authHeaders, 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  test('malformed JSON is 400 invalid_json', async () => {
    const res = await admin.request('POST', '/api/users', undefined, { raw: '{"email":', headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  test('messages are Russian by default and English on request', async () => {
    const ru = await api.get('/api/users');
    const en = await api.get('/api/users', { headers: { 'Accept-Language': 'en-US,en;q=0.9' } });
    expect(ru.body.error.message).toBe('Требуется вход в систему');
    expect(en.body.error.message).toBe('Authentication required');
  });

  test('an unknown API path is a JSON 404, an unknown page is the editor', async () => {
    const res = await api.get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('no_route');
  });
});

describe('audit log', () => {
  test('admins page through who did what, filtered by entity or area', async () => {
    const created = await admin.post('/api/users', { email: 'paged@shop.ru', name: 'Paged', role: 'support', password: 'support password 3' });
    const id = created.body.user.id;
    await admin.patch(`/api/users/${id}`, { name: 'Paged 2' });
    await admin.patch(`/api/users/${id}`, { disabled: true });

    const byEntity = await admin.get(`/api/audit?entity=user:${id}`);
    expect(byEntity.status).toBe(200);
    expect(byEntity.body.entries.map((e: { action: string }) => e.action)).toEqual(['user.disable', 'user.update', 'user.create']);
    expect(byEntity.body.entries[0].user).toMatchObject({ id: admin.user.id, email: admin.user.email });
    expect(byEntity.body.entries[1].details).toEqual({ name: { from: 'Paged', to: 'Paged 2' } });

    const first = await admin.get(`/api/audit?entity=user:${id}&limit=2`);
    expect(first.body.entries).toHaveLength(2);
    const rest = await admin.get(`/api/audit?entity=user:${id}&limit=2&before=${first.body.nextBefore}`);
    expect(rest.body.entries.map((e: { action: string }) => e.action)).toEqual(['user.create']);
    expect(rest.body.nextBefore).toBeNull();

    const area = await admin.get('/api/audit?action=user.&limit=200');
    expect(area.body.entries.every((e: { action: string }) => e.action.startsWith('user.'))).toBe(true);
    expect(area.body.entries.length).toBeGreaterThanOrEqual(3);
  });
});
