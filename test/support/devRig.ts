import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { smtpAdapter } from '../../server/channels/email';
import { freePort } from '../../server/infra/freePort';
import { startTemporalDevServer, type DevServer } from '../../server/infra/temporalDev';
import { SANDBOX_CHANNELS } from '../../server/simulate/run';
import { startWorker, type RunningWorker } from '../../server/worker/start';
import { startFakeSmtp, type FakeSmtp } from '../fakes/smtp';
import { startTestDatabase, type TestDatabase } from './postgres';

/**
 * Real PostgreSQL, the real Temporal dev server on a data file of its own (so it can be stopped and started again on
 * the same port, keeping its workflows: "Temporal is away"), an in-process worker on `taskQueue`, and email to a fake
 * SMTP server that counts what it accepts (every other channel sandboxed). For tests of what holds when things fail.
 */
export interface DevRig {
  db: TestDatabase;
  smtp: FakeSmtp;
  client: Client;
  /** Emails a customer `<id>@example.ru` received, in order. */
  mailsTo(customerId: string): string[];
  stopTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  stop(): Promise<void>;
}

export async function startDevRig(options: { taskQueue: string; name: string }): Promise<DevRig> {
  const dir = await mkdtemp(join(tmpdir(), `comeback-${options.name}-`));
  const port = await freePort();
  const startDev = () => startTemporalDevServer({ dataDir: dir, port, headless: true, log: () => {} });
  let dev: DevServer;
  let db: TestDatabase;
  let smtp: FakeSmtp;
  [db, smtp, dev] = await Promise.all([startTestDatabase(), startFakeSmtp(), startDev()]);
  const native = await NativeConnection.connect({ address: dev.address });
  const connection = await Connection.connect({ address: dev.address });
  const client = new Client({ connection });
  const email = smtpAdapter({ url: smtp.url, from: 'Кофейня <hello@zerno.example>', timeoutMs: 15_000 });
  const worker: RunningWorker = await startWorker({ sql: db.sql, connection: native, namespace: 'default', taskQueue: options.taskQueue, channels: { ...SANDBOX_CHANNELS, email } });
  return {
    db,
    smtp,
    client,
    mailsTo: (customerId) => smtp.received.filter((m) => m.envelope.to.includes(`${customerId}@example.ru`)).map((m) => m.text.trim()),
    stopTemporal: () => dev.stop(),
    async startTemporal() {
      dev = await startDev();
    },
    async stop() {
      await worker.stop();
      await connection.close();
      await native.close();
      await dev.stop();
      await smtp.stop();
      await db.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
