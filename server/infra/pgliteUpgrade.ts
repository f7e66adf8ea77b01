import { rename } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { connect, type Sql } from '../db/client';
import { migrate } from '../db/migrate';
import { startPglite } from './pglite';

/**
 * Moves the data of a PGlite directory (the embedded database of Comeback 0.1) into an empty, migrated PostgreSQL
 * database, then renames the directory to `<dir>.pglite-backup` so it is kept but never read again.
 *
 * Both sides are brought to the same schema with the product's migrations first; then every table's rows are
 * copied with COPY in one transaction on the target (foreign keys are checked by neither side during the copy —
 * the source was consistent), and every sequence is set past the largest value copied.
 */
export async function upgradeFromPglite(pgliteDir: string, target: Sql, log: (line: string) => void = () => {}): Promise<void> {
  log(`moving the PGlite database in ${pgliteDir} to PostgreSQL…`);
  const pglite = await startPglite(pgliteDir);
  const source = connect(pglite.url, { max: 1 });
  try {
    await migrate(source);
    await migrate(target);
    const tables = await source<{ name: string; columns: string[] }[]>`
      SELECT c.relname AS name,
             array_agg(quote_ident(a.attname) ORDER BY a.attnum) AS columns
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
       WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'schema_migrations'
       GROUP BY c.relname
       ORDER BY c.relname`;
    let rows = 0;
    await target.begin(async (tx) => {
      // Rows arrive table by table, not in foreign-key order: let the copy through as a replica would.
      await tx`SET LOCAL session_replication_role = replica`;
      for (const table of tables) {
        const name = `public.${quoteIdent(table.name)}`;
        const columns = table.columns.join(', ');
        await tx.unsafe(`TRUNCATE ${name} CASCADE`);
        const [{ expected }] = await source.unsafe<{ expected: number }[]>(`SELECT count(*)::int AS expected FROM ${name}`);
        // PGlite's socket answers nothing more on a connection after a long COPY: one connection per table.
        const copier = connect(pglite.url, { max: 1 });
        try {
          const reader = await copier.unsafe(`COPY ${name} (${columns}) TO STDOUT`).readable();
          const writer = await tx.unsafe(`COPY ${name} (${columns}) FROM STDIN`).writable();
          await pipeline(reader, writer);
        } finally {
          await copier.end({ timeout: 5 });
        }
        const [{ n }] = await tx.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${name}`);
        if (n !== expected) throw new Error(`copying ${table.name} from PGlite gave ${n} rows of ${expected}; nothing was changed`);
        rows += n;
      }
      const sequences = await tx<{ seq: string; tbl: string; col: string }[]>`
        SELECT s.relname AS seq, t.relname AS tbl, a.attname AS col
          FROM pg_class s
          JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
          JOIN pg_class t ON t.oid = d.refobjid
          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
          JOIN pg_namespace n ON n.oid = s.relnamespace
         WHERE s.relkind = 'S' AND n.nspname = 'public'`;
      for (const { seq, tbl, col } of sequences) {
        await tx.unsafe(
          `SELECT setval('public.${quoteIdent(seq)}', coalesce((SELECT max(${quoteIdent(col)}) FROM public.${quoteIdent(tbl)}), 0) + 1, false)`,
        );
      }
    });
    log(`  copied ${tables.length} tables, ${rows} rows`);
  } finally {
    await source.end({ timeout: 5 });
    await pglite.stop();
  }
  const backup = `${pgliteDir}.pglite-backup`;
  await rename(pgliteDir, backup);
  log(`  the PGlite files are kept in ${backup}; delete them once you are happy with the move`);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
