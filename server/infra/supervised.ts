import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { fromRoot } from './paths';

// Plain JavaScript, run from the source tree by the compiled build too.
const WATCHDOG = fromRoot('server', 'infra', 'watchdog.mjs');

export interface SupervisedOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run the command as this user and group (this process must be root). */
  uid?: number;
  gid?: number;
  /** The command's stdout and stderr: readable on the returned process (default), dropped, or a file descriptor. */
  output?: 'pipe' | 'ignore' | number;
  /** When this process dies, the command gets this signal (default SIGTERM)… */
  stopSignal?: NodeJS.Signals;
  /** …and its whole process group SIGKILL this much later (default 5 s). */
  graceMs?: number;
}

/**
 * Starts `command` so that it never outlives this process, however this process ends (kill -9 and running out of
 * memory included): through a watchdog (watchdog.mjs) whose stdin is a pipe from here, so the kernel tells it when
 * we are gone, and it then stops the command and everything the command started (its process group).
 *
 * The returned process is the watchdog's and stands in for the command: stdout and stderr are the command's, 'exit'
 * reports the command's exit code or signal, `kill()` with SIGINT, SIGTERM or SIGHUP reaches the command, and
 * `kill('SIGKILL')` its whole process group. Not covered: the watchdog alone being killed with SIGKILL (the command
 * then runs on; `stopLeftovers` finds such a process on the next start).
 */
export function spawnSupervised(command: string, args: string[], options: SupervisedOptions = {}): ChildProcess {
  const output = options.output ?? 'pipe';
  const settings = JSON.stringify({
    graceMs: options.graceMs ?? 5000,
    stopSignal: options.stopSignal ?? 'SIGTERM',
    uid: options.uid ?? null,
    gid: options.gid ?? null,
  });
  const watchdog = spawn(process.execPath, [WATCHDOG, settings, command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['pipe', output, output],
  });
  // Never written to; it only has to stay open for as long as this process lives.
  watchdog.stdin?.on('error', () => {});
  const kill = watchdog.kill.bind(watchdog);
  // SIGKILL would end the watchdog alone; SIGUSR2 asks it to SIGKILL the command's group (and then it exits too).
  watchdog.kill = (signal?: NodeJS.Signals | number) => kill(signal === 'SIGKILL' || signal === 9 ? 'SIGUSR2' : signal);
  return watchdog;
}

/**
 * Stops processes left behind by an earlier Comeback that died together with its watchdogs (say `killall -9 node`):
 * every process that has `argument` among its command-line arguments gets SIGTERM, then SIGKILL after `graceMs`.
 * Only for an argument no one else may be using, such as a file in a data directory this process has locked.
 * Linux only (reads /proc); elsewhere it finds nothing. Returns how many processes it stopped; throws when one
 * cannot be stopped (another user's).
 */
export async function stopLeftovers(argument: string, graceMs = 10_000): Promise<number> {
  const pids = await processesWithArgument(argument);
  if (pids.length === 0) return 0;
  signal(pids, 'SIGTERM');
  if ((await waitForExit(pids, graceMs)).length > 0) {
    signal(pids, 'SIGKILL');
    const stubborn = await waitForExit(pids, 5000);
    if (stubborn.length > 0) throw new Error(`Could not stop process(es) ${stubborn.join(', ')} still using ${argument}`);
  }
  return pids.length;
}

/** Waits up to `ms` for `pids` to end; returns those still running. */
async function waitForExit(pids: number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const running = await alive(pids);
    if (running.length === 0 || Date.now() >= deadline) return running;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function processesWithArgument(argument: string): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const found: number[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').includes(argument)) found.push(pid);
  }
  return found;
}

/** Those of `pids` that still run (a zombie waiting for its parent to reap it runs no more). */
async function alive(pids: number[]): Promise<number[]> {
  const running: number[] = [];
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    // `pid (name) state …`: the name may hold spaces and parentheses, the state follows the last `)`.
    if (stat !== null && stat[stat.lastIndexOf(')') + 2] !== 'Z') running.push(pid);
  }
  return running;
}

function signal(pids: number[], name: NodeJS.Signals) {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // gone already, or not ours to signal
    }
  }
}
