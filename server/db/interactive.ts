import type { Config } from '../config';
import type { Sql } from './client';

/**
 * Runs the queries a person waits for (audience estimates, segment counts, RFM, reports) under
 * QUERY_TIMEOUT_SECONDS: PostgreSQL cancels a statement that runs longer (error 57014, answered as 503
 * `query_timeout`), so one heavy condition cannot hold a connection and the database's CPU for minutes. The timeout
 * is set for a transaction of its own (`set_config(…, true)` is SET LOCAL), so it never sticks to a pooled
 * connection that the worker or ingest use next. `run` must send every query through the `sql` it is given.
 * The embedded PGlite accepts the setting but cannot interrupt a statement; there only the input limits help.
 */
export async function interactiveQuery<T>(deps: { sql: Sql; config: Pick<Config, 'QUERY_TIMEOUT_SECONDS'> }, run: (sql: Sql) => Promise<T>): Promise<T> {
  const ms = Math.max(1, Math.round(deps.config.QUERY_TIMEOUT_SECONDS * 1000));
  return (await deps.sql.begin(async (tx) => {
    await tx`SELECT set_config('statement_timeout', ${String(ms)}, true)`;
    return run(tx as unknown as Sql);
  })) as T;
}
