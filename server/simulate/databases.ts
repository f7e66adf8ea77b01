import { createHash, randomBytes } from 'node:crypto';
import { ApiError } from '../api/errors';
import { connectToDatabase, type Sql } from '../db/client';
import { migrate, migrationNames } from '../db/migrate';

/** A simulation's own database: empty, migrated, dropped by `release`. */
export interface SimulationDatabase {
  name: string;
  sql: Sql;
  release(): Promise<void>;
}

/** Simulation databases (and templates being built): `comeback_sim_<creation time, base 36>_<random>`. */
const PREFIX = 'comeback_sim_';
/** Finished templates: `comeback_simtpl_<hash of the migrations>`. */
const TEMPLATE_PREFIX = 'comeback_simtpl_';
/** A simulation database older than this was left by a process that died: nobody is using it any more. */
const STALE_MS = 60 * 60_000;

/**
 * Throwaway databases for simulations, in the same PostgreSQL server as the product's own database (`admin`, whose
 * role needs CREATEDB). Each simulation gets a database copied from a migrated template (`CREATE DATABASE … TEMPLATE`:
 * a file copy, no migrations per simulation) and drops it afterwards, so a simulation never sees the live data and
 * never runs on the API's thread. The template is named after the schema it holds, built once per schema version
 * under a temporary name and renamed when complete, so processes side by side never copy a half-built one.
 */
export class SimulationDatabases {
  private template: Promise<string> | null = null;
  private live = 0;

  constructor(private readonly admin: Sql) {}

  /** Simulation databases created by this object and not yet dropped. */
  get count(): number {
    return this.live;
  }

  async acquire(): Promise<SimulationDatabase> {
    const name = freshName();
    try {
      await this.createFromTemplate(name);
    } catch (error) {
      // The template went away (another version's sweep): build it again, once.
      if ((error as { code?: string }).code !== '3D000') throw error;
      this.template = null;
      await this.createFromTemplate(name);
    }
    this.live++;
    const sql = connectToDatabase(this.admin, name, { max: 4 });
    let released = false;
    return {
      name,
      sql,
      release: async () => {
        if (released) return;
        released = true;
        await sql.end({ timeout: 5 });
        await this.admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        this.live--;
      },
    };
  }

  /** Drops templates of other schema versions and simulation databases left by processes that died. */
  async sweep(): Promise<string[]> {
    const current = templateName(await migrationNames());
    const rows = await this.admin<{ datname: string }[]>`
      SELECT datname FROM pg_database WHERE left(datname, ${PREFIX.length}) = ${PREFIX} OR left(datname, ${TEMPLATE_PREFIX.length}) = ${TEMPLATE_PREFIX}`;
    const dropped: string[] = [];
    for (const { datname } of rows) {
      if (datname === current) continue;
      const stale = datname.startsWith(TEMPLATE_PREFIX) || !(Date.now() - parseInt(datname.slice(PREFIX.length), 36) < STALE_MS);
      if (!stale) continue;
      // A template another process is copying refuses to go (it is in use); the next sweep tries again.
      const force = datname.startsWith(PREFIX) ? ' WITH (FORCE)' : '';
      await this.admin.unsafe(`DROP DATABASE IF EXISTS ${datname}${force}`).then(
        () => dropped.push(datname),
        () => {},
      );
    }
    return dropped;
  }

  private async createFromTemplate(name: string): Promise<void> {
    // Once per process (and again after a failure): the template, then what dead processes left behind.
    this.template ??= this.buildTemplate().then(
      async (template) => {
        await this.sweep().catch(() => {});
        return template;
      },
      (error) => {
        this.template = null;
        throw error;
      },
    );
    const template = await this.template;
    await refusedAsApiError(() => this.admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  }

  private async buildTemplate(): Promise<string> {
    const name = templateName(await migrationNames());
    if (await exists(this.admin, name)) return name;
    const building = freshName();
    await refusedAsApiError(() => this.admin.unsafe(`CREATE DATABASE ${building}`));
    try {
      const sql = connectToDatabase(this.admin, building, { max: 1 });
      try {
        await migrate(sql);
      } finally {
        await sql.end({ timeout: 5 });
      }
      await this.admin.unsafe(`ALTER DATABASE ${building} RENAME TO ${name}`);
    } catch (error) {
      await this.admin.unsafe(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`).catch(() => {});
      // Another process finished the same template first: theirs is as good as ours.
      if (await exists(this.admin, name)) return name;
      throw error;
    }
    return name;
  }
}

function freshName(): string {
  return `${PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** A new migration means a new template. */
function templateName(migrations: string[]): string {
  return `${TEMPLATE_PREFIX}${createHash('sha256').update(migrations.join('\n')).digest('hex').slice(0, 16)}`;
}

async function exists(sql: Sql, name: string): Promise<boolean> {
  return (await sql`SELECT 1 FROM pg_database WHERE datname = ${name}`).length > 0;
}

/** The role may not create databases (an external PostgreSQL): a 503 that says what to grant. */
async function refusedAsApiError<T>(create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
    throw new ApiError(503, 'simulation_database_refused', {
      ru: 'Симуляции нужна своя временная база, а роли PostgreSQL не разрешено создавать базы. Выдайте ей право CREATEDB',
      en: 'A simulation needs its own throwaway database, and the PostgreSQL role may not create databases. Grant it CREATEDB',
    });
  }
}
