import { spawnSupervised } from './supervised';

export interface ServerProcess {
  /** SIGTERM, then SIGKILL after 10 s; resolves once it has exited. */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** For messages: "Temporal dev server". */
  name: string;
  /** Resolves once the server answers; called until it does. */
  probe: () => Promise<void>;
  timeoutMs: number;
  /** Output that means the start failed although the process keeps running (a JVM whose port was taken). */
  failure?: RegExp;
}

/**
 * Starts a server as a child process that never outlives this one (spawnSupervised) and waits until `probe`
 * succeeds. A start that fails kills the process and throws with its last output.
 */
export async function startServerProcess(command: string, args: string[], options: ServerProcessOptions): Promise<ServerProcess> {
  const child = spawnSupervised(command, args);
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 50) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (hasExited()) return;
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(killer);
  };

  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (hasExited()) throw new Error(`${options.name} exited during start:\n${output.join('')}`);
    if (options.failure?.test(output.join(''))) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} failed to start:\n${output.join('')}`);
    }
    try {
      await options.probe();
      return { stop };
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${options.name} did not answer within ${options.timeoutMs / 1000} s: ${(error as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
