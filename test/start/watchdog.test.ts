import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnSupervised, stopLeftovers } from '../../server/infra/supervised';
import { until } from '../support/until';
import { descendantsOf, processInfo, stillRunning, waitUntilGone, type ProcessInfo } from './processes';

/**
 * Child processes started through spawnSupervised never outlive the process that started them, however it ends.
 * Dummy commands (sh, sleep) stand in for the Temporal servers; test/start/orphans.test.ts covers the real product.
 */

const SUPERVISED = resolve('server/infra/supervised.ts');
const started: ChildProcess[] = [];
const watched: ProcessInfo[] = [];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'comeback-watchdog-'));
});

afterEach(() => {
  for (const p of stillRunning(watched.splice(0))) process.kill(p.pid, 'SIGKILL');
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A Node process (standing in for Comeback) that starts `command` through spawnSupervised and lives on. */
function parentOf(command: string[], options: { graceMs: number; stopSignal?: NodeJS.Signals }): ChildProcess {
  const code = `
    const { spawnSupervised } = await import(${JSON.stringify(SUPERVISED)});
    spawnSupervised(${JSON.stringify(command[0])}, ${JSON.stringify(command.slice(1))}, { output: 'ignore', ...${JSON.stringify(options)} });
    setInterval(() => {}, 1000);`;
  const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: 'ignore' });
  started.push(parent);
  return parent;
}

/** Waits until `parent` has `count` processes under it running `sleep`; returns everything under it. */
async function treeWithSleeps(parent: ChildProcess, count: number): Promise<ProcessInfo[]> {
  const tree = await until(`${count} sleep(s) under ${parent.pid}`, () => {
    const found = descendantsOf(parent.pid!);
    return found.filter((p) => p.command.startsWith('sleep ')).length === count ? found : null;
  });
  watched.push(...tree);
  return tree;
}

describe('a supervised command when the process that started it is killed with SIGKILL', () => {
  it('goes, with everything it started, and so does its watchdog', { timeout: 60_000 }, async () => {
    const parent = parentOf(['sh', '-c', 'sleep 1000 & sleep 1000'], { graceMs: 5000 });
    const tree = await treeWithSleeps(parent, 2);
    expect(tree.map((p) => p.command)).toEqual(expect.arrayContaining([expect.stringContaining('watchdog.mjs'), 'sleep 1000', 'sleep 1000']));

    parent.kill('SIGKILL');
    expect(await waitUntilGone(tree)).toEqual([]);
  });

  it('is killed when it ignores SIGTERM', { timeout: 60_000 }, async () => {
    const parent = parentOf(['sh', '-c', 'trap "" TERM; sleep 1000'], { graceMs: 500 });
    const tree = await treeWithSleeps(parent, 1);

    parent.kill('SIGKILL');
    expect(await waitUntilGone(tree)).toEqual([]);
  });

  it('gets the stop signal asked for (SIGINT is PostgreSQL\'s fast shutdown) well before the grace period ends', { timeout: 60_000 }, async () => {
    const parent = parentOf(['sh', '-c', 'trap "" TERM; trap "exit 0" INT; sleep 1000 & wait'], { graceMs: 600_000, stopSignal: 'SIGINT' });
    const tree = await treeWithSleeps(parent, 1);

    parent.kill('SIGKILL');
    expect(await waitUntilGone(tree)).toEqual([]);
  });
});

describe('while the process that started it lives, the watchdog stands in for the command', () => {
  it('passes its output and exit code through, and says when the command cannot start', async () => {
    const child = spawnSupervised('sh', ['-c', 'echo out; echo err >&2; exit 3']);
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk) => (out += chunk));
    child.stderr!.on('data', (chunk) => (err += chunk));
    const [code] = await new Promise<[number | null, string | null]>((r) => child.once('close', (c, s) => r([c, s])));
    expect([code, out, err]).toEqual([3, 'out\n', 'err\n']);

    const missing = spawnSupervised('/nonexistent/temporal', []);
    let message = '';
    missing.stderr!.on('data', (chunk) => (message += chunk));
    expect(await new Promise((r) => missing.once('close', r))).toBe(127);
    expect(message).toContain('cannot start /nonexistent/temporal');
  });

  it('passes SIGTERM on, and SIGKILL reaches the whole group', { timeout: 60_000 }, async () => {
    const polite = spawnSupervised('sh', ['-c', 'sleep 1000 & wait'], { output: 'ignore' });
    started.push(polite);
    const politeTree = await treeWithSleeps(polite, 1);
    polite.kill('SIGTERM');
    expect(await new Promise((r) => polite.once('exit', (_code, signal) => r(signal)))).toBe('SIGTERM');
    expect(await waitUntilGone(politeTree)).toEqual([]);

    const stubborn = spawnSupervised('sh', ['-c', 'trap "" TERM; sleep 1000'], { output: 'ignore' });
    started.push(stubborn);
    const stubbornTree = await treeWithSleeps(stubborn, 1);
    stubborn.kill('SIGKILL');
    expect(await new Promise((r) => stubborn.once('exit', (_code, signal) => r(signal)))).toBe('SIGKILL');
    expect(await waitUntilGone(stubbornTree)).toEqual([]);
  });
});

describe('stopLeftovers', () => {
  it('stops a process left running on a file of a data directory, even one that ignores SIGTERM, and nothing else', { timeout: 60_000 }, async () => {
    const dbFile = join(dir, 'temporal.db');
    const spawnDetached = (file: string) => {
      const child = spawn('sh', ['-c', 'trap "" TERM; sleep 1000', 'sh', '--db-filename', file], { detached: true, stdio: 'ignore' });
      started.push(child);
      return child;
    };
    const leftover = spawnDetached(dbFile);
    const bystander = spawnDetached(join(dir, 'other.db'));
    await treeWithSleeps(leftover, 1);
    await treeWithSleeps(bystander, 1);
    const shells = [processInfo(leftover.pid!)!, processInfo(bystander.pid!)!];
    watched.push(...shells);

    expect(await stopLeftovers(dbFile, 500)).toBe(1);
    expect(stillRunning(shells)).toEqual([shells[1]]);
    expect(await stopLeftovers(dbFile, 500)).toBe(0);
  });
});
