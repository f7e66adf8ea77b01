import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Claims DATA_DIR for this process: two processes opening the same PGlite directory or Temporal SQLite file would
 * corrupt them. The lock file holds our pid; a lock left by a process that no longer runs (a crash, kill -9) is
 * taken over. PGlite's own postmaster.pid cannot tell that apart, as it records no real pid.
 */
export async function lockDataDir(dir: string): Promise<{ release(): Promise<void> }> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'comeback.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(`${process.pid}\n`);
      await file.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (owner && owner !== process.pid && isRunning(owner)) {
        throw new Error(
          `The data directory ${dir} is in use by another Comeback process (pid ${owner}). ` +
            'Stop it first, or give this one another DATA_DIR.',
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new Error(`Could not lock the data directory ${dir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
