import type { Sql } from './db/client';

export interface AuditEntry {
  userId?: number | null;
  tokenId?: number | null;
  /** `area.verb`, e.g. `auth.login`, `user.create`, `scenario.publish`. */
  action: string;
  /** `kind:id`, e.g. `user:12`, `scenario:<uuid>`. */
  entity?: string | null;
  details?: Record<string, unknown> | null;
}

/** Appends to the audit log. Pass a transaction as `sql` to record the change and its entry atomically. */
export async function audit(sql: Sql, entry: AuditEntry): Promise<void> {
  await sql`
    INSERT INTO audit_log (user_id, token_id, action, entity, details)
    VALUES (${entry.userId ?? null}, ${entry.tokenId ?? null}, ${entry.action}, ${entry.entity ?? null},
            ${entry.details ? sql.json(entry.details as never) : null})`;
}
