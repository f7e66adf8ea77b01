import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sessionCookie, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

describe('signing in', () => {
  test('a wrong password is refused without saying whether the email exists', async () => {
    const user = await api.loginAs('marketer');
    const wrong = await api.post('/api/auth/login', { email: user.user.email, password: 'not the password' });
    const unknown = await api.post('/api/auth/login', { email: 'nobody@example.com', password: 'whatever123' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  test('the session cookie is httpOnly and SameSite=Lax, and the secret is stored only hashed', async () => {
    const res = await api.post('/api/auth/login', { email: (await api.loginAs('analyst')).user.email, password: 'correct horse battery staple' });
    expect(res.status).toBe(200);
    const line = res.headers.getSetCookie().find((l) => l.startsWith('comeback_session='))!;
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Lax/i);
    const value = sessionCookie(res.headers).split('=')[1];
    const stored = await api.sql`SELECT 1 FROM sessions WHERE id_hash = ${value}`;
    expect(stored).toHaveLength(0);
  });

  test('me returns the user and the CSRF token of the session', async () => {
    const support = await api.loginAs('support');
    const me = await support.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: support.user.email, role: 'support' });
    expect(me.body.csrfToken).toBe(support.csrfToken);
  });

  test('invalid input lists every problem with its field path', async () => {
    const res = await api.post('/api/auth/login', { email: 42 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['email', 'password']);
  });

  test('a form post (not JSON) cannot sign in', async () => {
    const res = await api.request('POST', '/api/auth/login', undefined, {
      raw: 'email=a@b.c&password=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });
});
