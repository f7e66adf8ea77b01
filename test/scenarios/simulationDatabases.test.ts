import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../server/api/errors';
import { connect } from '../../server/db/client';
import { migrationNames } from '../../server/db/migrate';
import { SimulationDatabases } from '../../server/simulate/databases';
import { startTestDatabase, type TestDatabase } from '../support/postgres';

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => {
  await db?.stop();
});

const simulationDatabases = async () =>
  (await db.sql<{ datname: string }[]>`SELECT datname FROM pg_database WHERE datname LIKE 'comeback\\_sim%' ORDER BY datname`).map((r) => r.datname);

describe('simulation databases', () => {
  it('gives each simulation its own migrated database in the same server, apart from the live data, and drops it after', async () => {
    await db.sql`INSERT INTO customers (id, name, registered_at) VALUES ('live-1', 'Живой клиент', now())`;
    const databases = new SimulationDatabases(db.sql);
    const [a, b] = await Promise.all([databases.acquire(), databases.acquire()]);
    expect(a.name).not.toBe(b.name);
    expect(databases.count).toBe(2);
    for (const sim of [a, b]) {
      expect((await sim.sql<{ name: string }[]>`SELECT name FROM schema_migrations ORDER BY name`).map((r) => r.name)).toEqual(await migrationNames());
      expect(await sim.sql`SELECT id FROM customers`).toEqual([]);
    }
    await a.sql`INSERT INTO customers (id, name, registered_at) VALUES ('sim-1', 'Из симуляции', now())`;
    expect(await b.sql`SELECT id FROM customers`).toEqual([]);
    expect(await db.sql`SELECT id FROM customers`).toEqual([{ id: 'live-1' }]);

    await Promise.all([a.release(), b.release()]);
    expect(databases.count).toBe(0);
    // Only the template stays, for the next simulation.
    expect(await simulationDatabases()).toEqual([expect.stringMatching(/^comeback_simtpl_[0-9a-f]{16}$/)]);
  });

  it('sweeps what a dead process left: an hour-old simulation database and the template of an older schema', async () => {
    const twoHoursAgo = (Date.now() - 2 * 3_600_000).toString(36);
    const recent = Date.now().toString(36);
    await db.sql.unsafe(`CREATE DATABASE comeback_sim_${twoHoursAgo}_dead`);
    await db.sql.unsafe(`CREATE DATABASE comeback_sim_${recent}_busy`);
    await db.sql.unsafe(`CREATE DATABASE comeback_simtpl_0123456789abcdef`);
    const databases = new SimulationDatabases(db.sql);
    const sim = await databases.acquire();
    await sim.release();
    const left = await simulationDatabases();
    // A recent one may belong to a simulation running in another process: it stays.
    expect(left).toContain(`comeback_sim_${recent}_busy`);
    expect(left).not.toContain(`comeback_sim_${twoHoursAgo}_dead`);
    expect(left).not.toContain('comeback_simtpl_0123456789abcdef');
    await db.sql.unsafe(`DROP DATABASE comeback_sim_${recent}_busy`);
  });

  it('says what to grant when the role may not create databases', async () => {
    await db.sql.unsafe(`CREATE ROLE plain LOGIN`);
    const plain = connect(db.url.replace('postgres@', 'plain@'), { max: 1 });
    try {
      // The template exists from the tests before; a fresh schema would be refused the same way.
      const refused = await new SimulationDatabases(plain).acquire().then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ApiError);
      expect(refused).toMatchObject({ status: 503, code: 'simulation_database_refused' });
      expect((refused as ApiError).text.en).toMatch(/Grant it CREATEDB/);
    } finally {
      await plain.end({ timeout: 5 });
    }
  });
});
