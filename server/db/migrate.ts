import { readdir, readFile } from 'node:fs/promises';
import { fromRoot } from '../infra/paths';
import type { Sql } from './client';

// Read from the source tree in the compiled build too: SQL needs no compiling.
const MIGRATIONS_DIR = fromRoot('server', 'db', 'migrations') + '/';

/**
 * Applies every migration in ./migrations not yet recorded, each in its own transaction, in file-name order;
 * with `until`, only those named up to it (tests of a migration on data written by the schema before it).
 */
export async function migrate(sql: Sql, log: (line: string) => void = () => {}, options: { until?: string } = {}): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;
  const applied = new Set((await sql<{ name: string }[]>`SELECT name FROM schema_migrations`).map((r) => r.name));
  const files = await migrationNames();
  const done: string[] = [];
  for (const file of files) {
    if (applied.has(file)) continue;
    if (options.until && file > options.until) break;
    const text = await readFile(MIGRATIONS_DIR + file, 'utf8');
    await sql.begin(async (tx) => {
      await tx.unsafe(text);
      await tx`INSERT INTO schema_migrations (name) VALUES (${file})`;
    });
    log(`applied migration ${file}`);
    done.push(file);
  }
  return done;
}

/** The migrations this version of Comeback brings, in the order they apply. */
export async function migrationNames(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
}
