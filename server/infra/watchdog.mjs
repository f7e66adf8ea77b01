// Runs one command so that it cannot outlive the process that started this watchdog, even when that process dies
// by SIGKILL or runs out of memory and no handler of its own runs.
//
//   node watchdog.mjs '{"graceMs":5000,"stopSignal":"SIGTERM","uid":null,"gid":null}' <command> [args...]
//
// The parent keeps the write end of this process's stdin open and never writes. When the parent dies, the kernel
// closes that pipe and stdin ends: the command gets `stopSignal`, and its whole process group SIGKILL after
// `graceMs`. The command runs detached in a process group of its own, so that the group can be killed as a whole
// (and a terminal's Ctrl-C reaches it only through here). While the parent lives, this process stands in for the
// command: SIGINT, SIGTERM and SIGHUP are passed on to it, SIGUSR2 means SIGKILL for its whole group (SIGKILL itself
// cannot be passed on), and this process exits as the command did. Whatever the command leaves running in its group
// when it exits is killed.
//
// Plain Node with no dependencies: it starts fast and needs no TypeScript loader.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const [settings, command, ...args] = process.argv.slice(2);
if (!settings || !command) {
  console.error('usage: watchdog.mjs <settings json> <command> [args...]');
  process.exit(2);
}
const { graceMs = 5000, stopSignal = 'SIGTERM', uid = null, gid = null } = JSON.parse(settings);

let parentGone = false;

/** Signals the command (`-pid`: its whole process group). */
function signal(pid, name) {
  if (!child.pid) return;
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

function onParentGone() {
  if (parentGone) return;
  parentGone = true;
  signal(child.pid, stopSignal);
  setTimeout(() => signal(-child.pid, 'SIGKILL'), graceMs);
}

process.stdin.on('data', () => {});
process.stdin.on('end', onParentGone);
process.stdin.on('close', onParentGone);
process.stdin.on('error', onParentGone);

for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(name, () => signal(child.pid, name));
process.on('SIGUSR2', () => signal(-child.pid, 'SIGKILL'));

// Everything above is in place before the command starts: a signal or end-of-file that comes early (they are
// handled on the next turn of the event loop) still finds `child` set.
const child = spawn(command, args, {
  detached: true,
  stdio: ['ignore', 'inherit', 'inherit'],
  ...(uid === null ? {} : { uid }),
  ...(gid === null ? {} : { gid }),
});

child.on('error', (error) => {
  console.error(`cannot start ${command}: ${error.message}`);
  process.exit(127);
});
child.on('exit', (code, killedBy) => {
  signal(-child.pid, 'SIGKILL');
  if (killedBy) {
    // Die of the same signal, so the parent sees what happened to the command.
    process.removeAllListeners(killedBy);
    process.kill(process.pid, killedBy);
    process.exit(128 + (constants.signals[killedBy] ?? 0));
  }
  process.exit(code ?? 1);
});
