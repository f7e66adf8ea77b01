import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from './postgres';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startTestDatabase();
  }, 60_000);
  afterAll(() => db?.stop());

  it('creates every table from empty', async () => {
    const rows = await db.sql<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`;
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['customers', 'customer_stats', 'orders', 'bonus_ledger', 'runs', 'run_steps', 'messages', 'schema_migrations']),
    );
  });
});
