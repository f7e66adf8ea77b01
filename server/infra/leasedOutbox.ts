import type { Sql } from '../db/client';

/**
 * An outbox table whose rows are claimed by lease: a delivery moves a due row's `next_attempt_at` forward by the lease
 * (so processes side by side take different rows, and a process that dies mid-way leaves its rows to the others once
 * the lease runs out), deletes the rows it delivered, and puts the failed ones back with backoff (1 s, 2 s, 4 s … up
 * to `maxBackoffSeconds`) and the error. The order signals and the entry outbox share it.
 */
export interface LeasedOutbox {
  table: 'order_signals' | 'entry_events';
  /** The primary key column (text). */
  key: 'order_id' | 'key';
  leaseSeconds: number;
  batch: number;
  maxBackoffSeconds: number;
}

/** Claims up to a batch of due rows (only the given keys, if any); each comes back with its `attempts` counted. */
export async function claimDue<Row extends { attempts: number }>(sql: Sql, outbox: LeasedOutbox, columns: string[], only?: string[]): Promise<Row[]> {
  const { table, key } = outbox;
  const restrict = only ? sql`AND ${sql(key)} = ANY(${only}::text[])` : sql``;
  return sql<Row[]>`
    UPDATE ${sql(table)} o SET attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => ${outbox.leaseSeconds})
     WHERE o.${sql(key)} IN (
       SELECT ${sql(key)} FROM ${sql(table)} WHERE next_attempt_at <= now() ${restrict}
        ORDER BY next_attempt_at LIMIT ${outbox.batch} FOR UPDATE SKIP LOCKED)
     RETURNING ${sql(columns)}, attempts`;
}

/** Deletes the delivered rows and reschedules the failed ones; returns how many of each, and the first error. */
export async function settleClaimed(
  sql: Sql,
  outbox: LeasedOutbox,
  rows: Array<{ key: string; attempts: number }>,
  failures: Map<string, string>,
): Promise<{ delivered: number; failed: number; error: string | null }> {
  const { table, key } = outbox;
  const done = rows.filter((r) => !failures.has(r.key)).map((r) => r.key);
  if (done.length > 0) await sql`DELETE FROM ${sql(table)} WHERE ${sql(key)} = ANY(${done}::text[])`;
  const retry = rows
    .filter((r) => failures.has(r.key))
    .map((r) => ({ id: r.key, delay: Math.min(outbox.maxBackoffSeconds, 2 ** (r.attempts - 1)), error: failures.get(r.key)!.slice(0, 500) }));
  if (retry.length > 0) {
    await sql`
      UPDATE ${sql(table)} o SET next_attempt_at = now() + make_interval(secs => t.delay), last_error = t.error
        FROM jsonb_to_recordset(${JSON.stringify(retry)}::text::jsonb) AS t(id text, delay int, error text)
       WHERE o.${sql(key)} = t.id`;
  }
  return { delivered: done.length, failed: retry.length, error: retry[0]?.error ?? null };
}
