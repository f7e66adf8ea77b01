import { chmod, chown, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { connect, type Sql } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';
import { postgresServerBinaries } from '../../server/infra/embeddedPostgres';
import { freePort } from '../../server/infra/freePort';
import { runCommand } from '../../server/infra/run';
import { spawnSupervised } from '../../server/infra/supervised';

/** A database for one test file: a throwaway real PostgreSQL cluster. */
export interface TestDatabase {
  url: string;
  sql: Sql;
  stop(): Promise<void>;
}

/** initdb and postgres refuse to run as root; run them as the `postgres` system user then. */
function asDbUser(command: string, args: string[]): [string, string[]] {
  return userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/**
 * The environment without libfaketime. Under `faketime` (the suite is run under it to prove no test depends on the
 * clock) PostgreSQL's own timers break: statement_timeout fires seconds late or not at all. A test of that timeout
 * runs its server on the real clock; the others keep the faked one, so SQL's now() agrees with the test's clock.
 */
function withoutFakedClock(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name, value]) => !name.startsWith('FAKETIME') && !(name === 'LD_PRELOAD' && value?.includes('faketime'))));
}

export interface ClusterOptions {
  /** Run the server on the machine's real clock even when the tests run under libfaketime (see withoutFakedClock). */
  realClock?: boolean;
}

const CLUSTER_PREFIX = 'comeback-pg-';
/** Older than any test file runs: a directory this old whose server is not running was left by a killed process. */
const ABANDONED_AFTER_MS = 3 * 3_600_000;
let swept: Promise<void> | undefined;

/**
 * Removes the directories of clusters whose process was killed before it could stop them (the watchdog has stopped
 * their servers; their data stays behind): older than ABANDONED_AFTER_MS, and no live postmaster in them.
 */
async function sweepAbandonedClusters(): Promise<void> {
  const names = (await readdir(tmpdir()).catch(() => [] as string[])).filter((n) => n.startsWith(CLUSTER_PREFIX));
  for (const name of names) {
    const dir = join(tmpdir(), name);
    const info = await stat(dir).catch(() => null);
    if (!info || Date.now() - info.mtimeMs < ABANDONED_AFTER_MS) continue;
    const pid = Number((await readFile(join(dir, 'data', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0 && running(pid)) continue;
    await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Starts a fresh PostgreSQL cluster in a temporary directory on a free loopback port, with the server binaries
 * `npm start` runs (server/infra/embeddedPostgres.ts), tuned for throwaway data (no fsync).
 */
export async function startPostgresCluster(options: ClusterOptions = {}): Promise<{ url: string; stop(): Promise<void> }> {
  const { binDir: bin, owner } = await postgresServerBinaries();
  swept ??= sweepAbandonedClusters();
  await swept;
  const dir = await mkdtemp(join(tmpdir(), CLUSTER_PREFIX));
  if (owner) await chown(dir, owner.uid, owner.gid);
  await chmod(dir, 0o700);
  const dataDir = join(dir, 'data');
  const [initCmd, initArgs] = asDbUser(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  await runCommand(initCmd, initArgs);
  const port = await freePort();
  const args = [
    '-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1',
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
  ];
  // Through the watchdog, as the product's own server: a test or benchmark process killed mid-way (a timeout, a
  // Ctrl-C) takes its cluster and the cluster's backends with it instead of leaving them busy for hours.
  // SIGQUIT is PostgreSQL's immediate shutdown, right for throwaway data.
  const child = spawnSupervised(join(bin, 'postgres'), args, {
    cwd: '/',
    uid: owner?.uid,
    gid: owner?.gid,
    output: 'ignore',
    stopSignal: 'SIGQUIT',
    graceMs: 5000,
    env: options.realClock ? withoutFakedClock(process.env) : process.env,
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const probe = connect(url, { max: 1 });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await probe`SELECT 1`;
      break;
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`PostgreSQL did not start: ${(error as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await probe.end();
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        // runuser does not pass signals on; pg_ctl talks to the postmaster directly.
        const [stopCmd, stopArgs] = asDbUser(join(bin, 'pg_ctl'), ['-D', dataDir, 'stop', '-m', 'immediate', '-s']);
        await runCommand(stopCmd, stopArgs).catch(() => child.kill('SIGKILL'));
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A migrated, empty database in a cluster of its own. */
export async function startTestDatabase(options: ClusterOptions = {}): Promise<TestDatabase> {
  const server = await startPostgresCluster(options);
  const sql = connect(server.url, { max: 10 });
  await migrate(sql);
  return {
    url: server.url,
    sql,
    async stop() {
      await sql.end({ timeout: 5 });
      await server.stop();
    },
  };
}
