import type postgres from 'postgres';
import type { Sql } from '../db/client';

/** Either the pool or an open transaction: ingest functions run inside the caller's transaction when given one. */
export type Queryable = Sql | postgres.TransactionSql<Record<string, unknown>>;
