import type { Sql } from '../db/client';
import type { Role } from './roles';
import { randomSecret, sha256 } from './secrets';

export const SESSION_COOKIE = 'comeback_session';
/** A session ends after a week without activity, and after 30 days in any case. */
export const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000;
export const SESSION_MAX_MS = 30 * 24 * 3600 * 1000;
/** last_seen_at is refreshed at most once a minute per session, not on every request. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  mustChangePassword: boolean;
}

export interface Session {
  idHash: string;
  csrfToken: string;
  expiresAt: Date;
  user: SessionUser;
}

/** Creates a session; the returned `cookieValue` is the only copy of the secret (the table keeps its hash). */
export async function createSession(sql: Sql, userId: number, now = new Date()): Promise<{ cookieValue: string; csrfToken: string; expiresAt: Date }> {
  const cookieValue = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
  // Sign-ins are rare enough to sweep expired sessions here, instead of running a separate clean-up job.
  await sql`DELETE FROM sessions WHERE expires_at < ${now}`;
  await sql`
    INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at, last_seen_at)
    VALUES (${sha256(cookieValue)}, ${userId}, ${csrfToken}, ${now}, ${expiresAt}, ${now})`;
  return { cookieValue, csrfToken, expiresAt };
}

export type SessionLookup = { session: Session } | { problem: 'unknown' | 'expired' };

/** Finds a live session of an enabled user and slides its idle expiry forward. */
export async function findSession(sql: Sql, cookieValue: string, now = new Date()): Promise<SessionLookup> {
  const idHash = sha256(cookieValue);
  const [row] = await sql<
    { csrf_token: string; created_at: Date; expires_at: Date; last_seen_at: Date; id: number; email: string; name: string; role: Role; must_change_password: boolean; disabled_at: Date | null }[]
  >`
    SELECT s.csrf_token, s.created_at, s.expires_at, s.last_seen_at,
           u.id, u.email, u.name, u.role, u.must_change_password, u.disabled_at
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id_hash = ${idHash}`;
  if (!row || row.disabled_at) return { problem: 'unknown' };
  if (row.expires_at.getTime() <= now.getTime()) {
    await sql`DELETE FROM sessions WHERE id_hash = ${idHash}`;
    return { problem: 'expired' };
  }
  let expiresAt = row.expires_at;
  if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_INTERVAL_MS) {
    expiresAt = new Date(Math.min(now.getTime() + SESSION_IDLE_MS, row.created_at.getTime() + SESSION_MAX_MS));
    await sql`UPDATE sessions SET last_seen_at = ${now}, expires_at = ${expiresAt} WHERE id_hash = ${idHash}`;
  }
  return {
    session: {
      idHash,
      csrfToken: row.csrf_token,
      expiresAt,
      user: { id: row.id, email: row.email, name: row.name, role: row.role, mustChangePassword: row.must_change_password },
    },
  };
}

export async function deleteSession(sql: Sql, idHash: string): Promise<void> {
  await sql`DELETE FROM sessions WHERE id_hash = ${idHash}`;
}

/** Ends every session of a user (disabled, role changed, password changed elsewhere). */
export async function deleteUserSessions(sql: Sql, userId: number, exceptIdHash?: string): Promise<void> {
  if (exceptIdHash) await sql`DELETE FROM sessions WHERE user_id = ${userId} AND id_hash <> ${exceptIdHash}`;
  else await sql`DELETE FROM sessions WHERE user_id = ${userId}`;
}
