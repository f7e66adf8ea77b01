import { audit } from '../audit';
import type { Sql } from '../db/client';
import { generatePassword } from './password';
import { createUser } from './users';

export type AdminBootstrap =
  | { created: false }
  | { created: true; email: string; oneTimePassword: string | null };

/**
 * On the very first start (no users at all) creates the admin: with ADMIN_PASSWORD when given, otherwise with a
 * one-time password that the caller prints and that must be changed at first login.
 */
export async function bootstrapAdmin(sql: Sql, options: { email: string; password?: string }): Promise<AdminBootstrap> {
  const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM users`;
  if (n > 0) return { created: false };
  const oneTimePassword = options.password ? null : generatePassword();
  const user = await createUser(sql, {
    email: options.email,
    name: 'Администратор',
    role: 'admin',
    password: options.password ?? oneTimePassword!,
    mustChangePassword: oneTimePassword !== null,
  });
  if (!user) return { created: false };
  await audit(sql, { action: 'user.bootstrap', entity: `user:${user.id}`, details: { email: user.email, oneTimePassword: oneTimePassword !== null } });
  return { created: true, email: user.email, oneTimePassword };
}
