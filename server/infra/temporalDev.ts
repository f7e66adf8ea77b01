import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort } from './freePort';
import { startServerProcess } from './serverProcess';
import { stopLeftovers } from './supervised';
import { provisionTemporalCli } from './temporalCli';

export interface DevServer {
  address: string;
  uiUrl: string | null;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  /**
   * Directory for Temporal's SQLite file; null keeps it in memory. The caller must hold it (see lockDataDir): a
   * server still using that file is taken for one left behind by a Comeback that died, and stopped.
   */
  dataDir: string | null;
  port?: number;
  uiPort?: number;
  /** No Web UI (tests). */
  headless?: boolean;
  namespace?: string;
  log?: (line: string) => void;
}

/** Search attributes the product's workflows set; registered on the dev server at start. */
export const SEARCH_ATTRIBUTES: Record<string, string> = {
  ScenarioId: 'Keyword',
  CustomerId: 'Keyword',
};

/**
 * Starts `temporal server start-dev` as a child process that never outlives this one (see spawnSupervised) and
 * waits until it answers.
 */
export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? console.log;
  const cli = await provisionTemporalCli(log);
  if (!cli) {
    throw new Error(
      'No Temporal CLI: set TEMPORAL_CLI, put `temporal` on PATH, or install Go so it can be built, ' +
        'or point TEMPORAL_ADDRESS at a running Temporal server.',
    );
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServerOnce(cli, options);
    } catch (error) {
      // A port found free can be taken by another process before the server binds it; with ports of our own
      // choosing, new ones are the remedy. Ports the operator set are not ours to change.
      const ownPorts = !options.port && (options.headless || !options.uiPort);
      if (!ownPorts || attempt >= 3 || !/address already in use/.test(String(error))) throw error;
      log(`Temporal dev server: a port was taken meanwhile; starting it on other ports (${attempt + 1}/3)`);
    }
  }
}

async function startDevServerOnce(cli: string, options: DevServerOptions): Promise<DevServer> {
  const port = options.port || (await freePort());
  const uiPort = options.headless ? null : options.uiPort || (await freePort());
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'];
  args.push('--namespace', options.namespace ?? 'default');
  if (uiPort) args.push('--ui-port', String(uiPort));
  else args.push('--headless');
  if (options.dataDir) {
    await mkdir(options.dataDir, { recursive: true });
    const dbFile = join(options.dataDir, 'temporal.db');
    const stopped = await stopLeftovers(dbFile);
    if (stopped > 0) (options.log ?? console.log)(`stopped a Temporal server left running on ${dbFile} by an earlier start`);
    args.push('--db-filename', dbFile);
  }
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);

  const address = `127.0.0.1:${port}`;
  const server = await startServerProcess(cli, args, {
    name: `Temporal dev server on ${address}`,
    probe: () => temporalAnswers(address),
    timeoutMs: 60_000,
  });
  return { address, uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : null, stop: () => server.stop() };
}

/** Resolves when a Temporal frontend answers on `address`, throws when it does not (yet). */
export async function temporalAnswers(address: string): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.workflowService.getSystemInfo({});
  } finally {
    await connection.close();
  }
}
