import { spawn } from 'node:child_process';
import { spawnSupervised } from './supervised';

/**
 * Runs a command to completion (stopped with this process should it die first: a `go install` or `mvn` left
 * running would build on for minutes), streaming its output; rejects with its tail on failure.
 */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnSupervised(command, args, { cwd: options.cwd, env: options.env });
    const tail: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 30) tail.shift();
        options.log?.(line);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${tail.join('\n')}`));
    });
  });
}

/** True when `command` can be run (found on PATH or at that path). */
export function commandExists(command: string, versionArg = '--version'): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, [versionArg], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}
