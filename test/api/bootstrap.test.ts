import { afterAll, beforeAll, expect, test } from 'vitest';
import { bootstrapAdmin } from '../../server/auth/bootstrapAdmin';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

test('the first start creates an admin with a one-time password that must be changed; later starts do nothing', async () => {
  const first = await bootstrapAdmin(api.sql, { email: 'Admin@Shop.ru' });
  if (!first.created) throw new Error('expected an admin to be created');
  expect(first.email).toBe('admin@shop.ru');
  expect(first.oneTimePassword).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{4}$/);

  const admin = await api.login('admin@shop.ru', first.oneTimePassword!);
  expect(admin.user).toMatchObject({ role: 'admin', mustChangePassword: true });
  expect((await admin.get('/api/users')).body.error.code).toBe('password_change_required');
  expect((await admin.post('/api/auth/password', { currentPassword: first.oneTimePassword, newPassword: 'my own admin password' })).status).toBe(204);
  expect((await admin.get('/api/users')).status).toBe(200);

  expect(await bootstrapAdmin(api.sql, { email: 'other@shop.ru', password: 'another admin password' })).toEqual({ created: false });
  const [{ n }] = await api.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM users`;
  expect(n).toBe(1);
});
