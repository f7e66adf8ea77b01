import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Claims DATA_DIR for this process: two processes opening the same PGlite directory or Temporal SQLite file would
 * corrupt them. The lock file holds our pid and, on Linux, when the process started; a lock left by a process that
 * no longer runs (a crash, kill -9) is taken over, and so is one whose pid now belongs to another process (pids are
 * reused: after a container restart the same pid is likely). PGlite's own postmaster.pid cannot tell that apart, as
 * it records no real pid; PGlite ignores it and opens a directory left by a killed process.
 */
export async function lockDataDir(dir: string): Promise<{ release(): Promise<void> }> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'comeback.lock');
  const mine = `${process.pid} ${(await startTimeOf(process.pid)) ?? ''}`.trim();
  // Written whole elsewhere, then linked into place: no one ever reads a half-written lock.
  const draft = `${path}.${process.pid}`;
  await writeFile(draft, `${mine}\n`);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(draft, path);
        return { release: () => rm(path, { force: true }) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const held = (await readFile(path, 'utf8').catch(() => '')).trim();
      const [owner] = held.split(' ').map(Number);
      if (held && (await holderRuns(held))) {
        throw new Error(
          `The data directory ${dir} is in use by another Comeback process (pid ${owner}). ` +
            'Stop it first, or give this one another DATA_DIR.',
        );
      }
      await takeOver(path, held);
    }
  } finally {
    await rm(draft, { force: true });
  }
  throw new Error(`Could not lock the data directory ${dir}`);
}

/**
 * Moves a stale lock out of the way. Another process may be doing the same at this moment and already have put its
 * own lock in place: a lock moved aside that is not the stale one is put back.
 */
async function takeOver(path: string, stale: string): Promise<void> {
  const aside = `${path}.stale.${process.pid}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((await readFile(aside, 'utf8').catch(() => '')).trim() !== stale) await link(aside, path).catch(() => {});
  await rm(aside, { force: true });
}

/** Whether the process a lock names (`<pid> [<start time>]`) still runs. */
async function holderRuns(held: string): Promise<boolean> {
  const [pid, startTime] = held.split(' ');
  const owner = Number(pid);
  if (!Number.isInteger(owner) || owner <= 0) return false;
  if (owner === process.pid) return false;
  try {
    process.kill(owner, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // The pid runs; it is the lock's owner unless it started at another time (the pid was reused).
  if (!startTime) return true;
  const now = await startTimeOf(owner);
  return now === null || now === startTime;
}

/** When a process started, in clock ticks since boot (/proc/<pid>/stat, field 22); null off Linux. */
async function startTimeOf(pid: number): Promise<string | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return null;
  // `pid (name) state ppid …`: the name may hold spaces and parentheses; field 22 is the 20th after it.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}
