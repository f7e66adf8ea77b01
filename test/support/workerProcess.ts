import { spawn, type ChildProcess } from 'node:child_process';

export interface WorkerProcessOptions {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  smtpUrl: string;
  channelTimeoutMs: number;
}

/**
 * A worker process as `npm run worker` starts it (server/worker/main.ts), against the given PostgreSQL, Temporal and
 * SMTP server, with nothing else of the test's environment: only PATH, HOME and the test's time zone (so a run
 * under another TZ shows nothing depends on it).
 */
export function spawnWorkerProcess(options: WorkerProcessOptions): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'server/worker/main.ts'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(process.env.TZ ? { TZ: process.env.TZ } : {}),
      DATABASE_URL: options.databaseUrl,
      TEMPORAL_ADDRESS: options.temporalAddress,
      TEMPORAL_TASK_QUEUE: options.taskQueue,
      SMTP_URL: options.smtpUrl,
      SMTP_FROM: 'Кофейня «Зерно» <hello@zerno.example>',
      CHANNEL_TIMEOUT_MS: String(options.channelTimeoutMs),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
