import type { Sql } from '../db/client';
import { hashPassword } from './password';
import type { Role } from './roles';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  mustChangePassword: boolean;
  createdAt: string;
  disabledAt: string | null;
}

interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  must_change_password: boolean;
  created_at: Date;
  disabled_at: Date | null;
}

const COLUMNS = 'id, email, name, role, must_change_password, created_at, disabled_at';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    mustChangePassword: row.must_change_password,
    createdAt: row.created_at.toISOString(),
    disabledAt: row.disabled_at?.toISOString() ?? null,
  };
}

/** Creates a user; null when the email is taken. */
export async function createUser(
  sql: Sql,
  input: { email: string; name: string; role: Role; password: string; mustChangePassword: boolean },
): Promise<User | null> {
  const hash = await hashPassword(input.password);
  const [row] = await sql<UserRow[]>`
    INSERT INTO users (email, name, role, password_hash, must_change_password)
    VALUES (${normalizeEmail(input.email)}, ${input.name}, ${input.role}, ${hash}, ${input.mustChangePassword})
    ON CONFLICT (email) DO NOTHING
    RETURNING ${sql.unsafe(COLUMNS)}`;
  return row ? toUser(row) : null;
}

export async function getUser(sql: Sql, id: number): Promise<User | null> {
  const [row] = await sql<UserRow[]>`SELECT ${sql.unsafe(COLUMNS)} FROM users WHERE id = ${id}`;
  return row ? toUser(row) : null;
}

/** The user and their password hash, for login. */
export async function findUserForLogin(sql: Sql, email: string): Promise<(User & { passwordHash: string }) | null> {
  const [row] = await sql<(UserRow & { password_hash: string })[]>`
    SELECT ${sql.unsafe(COLUMNS)}, password_hash FROM users WHERE email = ${normalizeEmail(email)}`;
  return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
}

export async function passwordHashOf(sql: Sql, id: number): Promise<string | null> {
  const [row] = await sql<{ password_hash: string }[]>`SELECT password_hash FROM users WHERE id = ${id}`;
  return row?.password_hash ?? null;
}

export async function listUsers(sql: Sql): Promise<User[]> {
  const rows = await sql<UserRow[]>`SELECT ${sql.unsafe(COLUMNS)} FROM users ORDER BY disabled_at IS NOT NULL, lower(name), id`;
  return rows.map(toUser);
}

export async function setPassword(sql: Sql, id: number, password: string, mustChangePassword: boolean): Promise<void> {
  const hash = await hashPassword(password);
  await sql`UPDATE users SET password_hash = ${hash}, must_change_password = ${mustChangePassword} WHERE id = ${id}`;
}

export async function updateUser(
  sql: Sql,
  id: number,
  patch: { name?: string; role?: Role; disabled?: boolean },
): Promise<User | null> {
  const [row] = await sql<UserRow[]>`
    UPDATE users SET
      name = coalesce(${patch.name ?? null}, name),
      role = coalesce(${patch.role ?? null}, role),
      disabled_at = CASE
        WHEN ${patch.disabled ?? null}::boolean IS NULL THEN disabled_at
        WHEN ${patch.disabled ?? null}::boolean THEN coalesce(disabled_at, now())
        ELSE NULL END
    WHERE id = ${id}
    RETURNING ${sql.unsafe(COLUMNS)}`;
  return row ? toUser(row) : null;
}

/** Enabled admins other than `exceptId`: an admin cannot demote or disable the last one. */
export async function otherActiveAdmins(sql: Sql, exceptId: number): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> ${exceptId}`;
  return row.n;
}
