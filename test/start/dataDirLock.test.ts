import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { lockDataDir } from '../../server/dataDirLock';
import { until } from '../support/until';
import { processInfo } from './processes';

/** The data directory lock after a crash: a dead owner's lock is taken over, a live owner's never. */

let dir: string;
let other: ChildProcess;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'comeback-lock-'));
  // Another process that runs throughout, standing in for another Comeback.
  other = spawn('sleep', ['1000'], { stdio: 'ignore' });
});

afterAll(async () => {
  other.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

const lockFile = () => join(dir, 'comeback.lock');

async function pidOfAnExitedProcess(): Promise<number> {
  const child = spawn('true');
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

it('takes over the lock of a process that no longer runs (kill -9), and releases it', async () => {
  await writeFile(lockFile(), `${await pidOfAnExitedProcess()}\n`);
  const lock = await lockDataDir(dir);
  expect((await readFile(lockFile(), 'utf8')).split(' ')[0].trim()).toBe(String(process.pid));
  await lock.release();
  await expect(readFile(lockFile())).rejects.toThrow(/ENOENT/);
});

it('refuses while the process named in the lock runs', async () => {
  const owner = await until('the other process', () => processInfo(other.pid!));
  await writeFile(lockFile(), `${owner.pid} ${owner.startTime}\n`);
  await expect(lockDataDir(dir)).rejects.toThrow(`is in use by another Comeback process (pid ${owner.pid})`);
  // A lock written before start times were recorded names the pid alone.
  await writeFile(lockFile(), `${owner.pid}\n`);
  await expect(lockDataDir(dir)).rejects.toThrow(`is in use by another Comeback process (pid ${owner.pid})`);
});

it('takes over a lock whose pid now belongs to another process (pids are reused after a restart)', async () => {
  const bystander = await until('the other process', () => processInfo(other.pid!));
  await writeFile(lockFile(), `${bystander.pid} ${Number(bystander.startTime) - 1}\n`);
  const lock = await lockDataDir(dir);
  expect((await readFile(lockFile(), 'utf8')).split(' ')[0].trim()).toBe(String(process.pid));
  await lock.release();
});
