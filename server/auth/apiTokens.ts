import type { Sql } from '../db/client';
import type { TokenScope } from './roles';
import { randomSecret, sha256 } from './secrets';

/** Recognisable in logs and by secret scanners. */
const TOKEN_PREFIX = 'cbk_';
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface ApiTokenPrincipal {
  id: number;
  name: string;
  scopes: TokenScope[];
}

export interface ApiTokenInfo {
  id: number;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  createdBy: number | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Creates a token; the returned `token` is shown once and never stored. */
export async function createApiToken(
  sql: Sql,
  input: { name: string; scopes: TokenScope[]; createdBy: number | null },
): Promise<{ token: string; info: ApiTokenInfo }> {
  const token = TOKEN_PREFIX + randomSecret();
  const prefix = token.slice(0, TOKEN_PREFIX.length + 6);
  const [row] = await sql<TokenRow[]>`
    INSERT INTO api_tokens (name, token_hash, prefix, scopes, created_by)
    VALUES (${input.name}, ${sha256(token)}, ${prefix}, ${input.scopes}, ${input.createdBy})
    RETURNING id, name, prefix, scopes, created_by, created_at, last_used_at, revoked_at`;
  return { token, info: toInfo(row) };
}

export async function findApiToken(sql: Sql, token: string, now = new Date()): Promise<ApiTokenPrincipal | null> {
  const [row] = await sql<{ id: number; name: string; scopes: TokenScope[]; last_used_at: Date | null }[]>`
    SELECT id, name, scopes, last_used_at FROM api_tokens
    WHERE token_hash = ${sha256(token)} AND revoked_at IS NULL`;
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= TOUCH_INTERVAL_MS) {
    await sql`UPDATE api_tokens SET last_used_at = ${now} WHERE id = ${row.id}`;
  }
  return { id: row.id, name: row.name, scopes: row.scopes };
}

export async function listApiTokens(sql: Sql): Promise<ApiTokenInfo[]> {
  const rows = await sql<TokenRow[]>`
    SELECT id, name, prefix, scopes, created_by, created_at, last_used_at, revoked_at
    FROM api_tokens ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC`;
  return rows.map(toInfo);
}

/** Revokes a token; null when there is no such token. Revoking twice keeps the first time. */
export async function revokeApiToken(sql: Sql, id: number): Promise<ApiTokenInfo | null> {
  const [row] = await sql<TokenRow[]>`
    UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = ${id}
    RETURNING id, name, prefix, scopes, created_by, created_at, last_used_at, revoked_at`;
  return row ? toInfo(row) : null;
}

interface TokenRow {
  id: number;
  name: string;
  prefix: string | null;
  scopes: TokenScope[];
  created_by: number | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

function toInfo(row: TokenRow): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix ?? TOKEN_PREFIX,
    scopes: row.scopes,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
