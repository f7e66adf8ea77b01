import type { Queryable } from './queryable';
import type postgres from 'postgres';

type Tx = postgres.TransactionSql<Record<string, unknown>>;

/** Runs fn in the caller's transaction when given one, otherwise in a new transaction of its own. */
export async function inTransaction<T>(db: Queryable, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if ('savepoint' in db) return fn(db as Tx);
  return (await db.begin((tx) => fn(tx))) as T;
}
