import { readdirSync, readFileSync } from 'node:fs';

/** One process as /proc shows it (Linux). */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Clock ticks since boot: with the pid, it names this process and no later one that reuses the pid. */
  startTime: string;
  command: string;
}

function read(pid: number): (ProcessInfo & { state: string }) | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (name) state ppid …`: the name may hold spaces and parentheses; field 22 is the start time.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { pid, ppid: Number(fields[1]), state: fields[0], startTime: fields[19], command };
  } catch {
    return null;
  }
}

function all(): ProcessInfo[] {
  return readdirSync('/proc')
    .map(Number)
    .filter((pid) => Number.isInteger(pid))
    .map(read)
    .filter((p): p is NonNullable<typeof p> => p !== null && p.state !== 'Z');
}

/** That process, when it runs. */
export function processInfo(pid: number): ProcessInfo | null {
  const found = read(pid);
  return found && found.state !== 'Z' ? found : null;
}

/** Every live process whose parent chain leads to `pid`. */
export function descendantsOf(pid: number): ProcessInfo[] {
  const processes = all();
  const found: ProcessInfo[] = [];
  let parents = new Set([pid]);
  while (parents.size > 0) {
    const children = processes.filter((p) => parents.has(p.ppid));
    found.push(...children);
    parents = new Set(children.map((p) => p.pid));
  }
  return found;
}

/** Those of `processes` that still run (the same pid started at the same time, not a zombie). */
export function stillRunning(processes: ProcessInfo[]): ProcessInfo[] {
  return processes.filter((p) => {
    const now = read(p.pid);
    return now !== null && now.state !== 'Z' && now.startTime === p.startTime;
  });
}

/** Polls until none of `processes` runs or `timeoutMs` has passed; returns those still running. */
export async function waitUntilGone(processes: ProcessInfo[], timeoutMs = 30_000): Promise<ProcessInfo[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const running = stillRunning(processes);
    if (running.length === 0 || Date.now() > deadline) return running;
    await new Promise((r) => setTimeout(r, 200));
  }
}
