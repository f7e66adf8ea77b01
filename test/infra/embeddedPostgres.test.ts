// The embedded PostgreSQL of `npm start`: a real server that asks for a password, keeps it in the data directory,
// comes back on the same data, and takes over a PGlite directory left by Comeback 0.1 without losing a row.
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';
import { generateDemoData } from '../../server/demo/generate';
import { startEmbeddedPostgres } from '../../server/infra/embeddedPostgres';
import { startPglite } from '../../server/infra/pglite';
import { upgradeFromPglite } from '../../server/infra/pgliteUpgrade';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'comeback-embedded-pg-'));
  // As root the server runs as the postgres user, who must be able to walk into the data directory.
  await chmod(root, 0o755);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the embedded PostgreSQL', () => {
  it('requires the password generated on first start, kept in the data directory with mode 0600', async () => {
    const dir = join(root, 'auth');
    const first = await startEmbeddedPostgres(dir);
    try {
      expect((await stat(join(dir, 'password'))).mode & 0o777).toBe(0o600);
      const sql = connect(first.url, { max: 1 });
      await sql`CREATE TABLE kept (v text)`;
      await sql`INSERT INTO kept VALUES ('still here')`;
      await sql.end();
      for (const password of ['postgres', '', 'comeback']) {
        const guess = connect(first.url.replace(/:[^:@/]*@/, `:${password}@`), { max: 1 });
        await expect(guess`SELECT 1`).rejects.toMatchObject({ code: '28P01' });
        await guess.end();
      }
    } finally {
      await first.stop();
    }
    // A second start on the same directory reuses the cluster and its password.
    const again = await startEmbeddedPostgres(dir);
    try {
      expect(again.url.replace(/@.*$/, '')).toBe(first.url.replace(/@.*$/, ''));
      const sql = connect(again.url, { max: 1 });
      expect(await sql`SELECT v FROM kept`).toEqual([{ v: 'still here' }]);
      await sql.end();
    } finally {
      await again.stop();
    }
  }, 120_000);
});

describe('a PGlite data directory from Comeback 0.1', () => {
  it('is moved into PostgreSQL whole: every row, and ids continue after the largest one', async () => {
    const pgliteDir = join(root, 'pg');
    const old = await startPglite(pgliteDir);
    const oldSql = connect(old.url, { max: 1 });
    await migrate(oldSql);
    await generateDemoData(oldSql, { customers: 150, seed: 7, now: new Date('2026-06-01T09:00:00Z') });
    const fingerprint = (sql: typeof oldSql) => sql<{ customers: number; orders: number; amount: number; names: string }[]>`
      SELECT (SELECT count(*)::int FROM customers) AS customers,
             (SELECT count(*)::int FROM orders) AS orders,
             (SELECT coalesce(sum(amount), 0)::float8 FROM orders) AS amount,
             (SELECT md5(string_agg(id || coalesce(name, '') || coalesce(phone, ''), ',' ORDER BY id)) FROM customers) AS names`;
    const before = await fingerprint(oldSql);
    await oldSql.end();
    await old.stop();

    const server = await startEmbeddedPostgres(join(root, 'postgres'));
    const sql = connect(server.url, { max: 4 });
    try {
      await upgradeFromPglite(pgliteDir, sql);
      expect(await fingerprint(sql)).toEqual(before);
      expect(before[0].customers).toBe(150);
      expect(existsSync(pgliteDir)).toBe(false);
      expect(existsSync(`${pgliteDir}.pglite-backup`)).toBe(true);
      // Every serial column's next value is past the copied rows.
      const sequences = await sql<{ tbl: string; col: string }[]>`
        SELECT t.relname AS tbl, a.attname AS col
          FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
          JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
         WHERE s.relkind = 'S'`;
      expect(sequences.length).toBeGreaterThan(0);
      for (const { tbl, col } of sequences) {
        const [{ max, next }] = await sql.unsafe<{ max: number | null; next: number }[]>(
          `SELECT (SELECT max("${col}") FROM "${tbl}")::bigint AS max, nextval(pg_get_serial_sequence('"${tbl}"', '${col}'))::bigint AS next`,
        );
        expect(next, `${tbl}.${col}`).toBeGreaterThan(max ?? 0);
      }
      // Migrations are recorded once, as on any database the product migrated.
      expect(await migrate(sql)).toEqual([]);
    } finally {
      await sql.end();
      await server.stop();
    }
  }, 180_000);
});
