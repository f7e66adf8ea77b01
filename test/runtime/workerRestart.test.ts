import { spawn, type ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScenario } from '../../shared/scenario/compile';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import { startTemporalDevServer, type DevServer } from '../../server/infra/temporalDev';
import { upsertCustomers } from '../../server/ingest/customers';
import { ingestOrders } from '../../server/ingest/orders';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { createScenarioRuntime } from '../../server/temporal/scenarioRuntime';
import { CustomerIdKey, ScenarioIdKey } from '../../server/temporal/searchAttributes';
import { audienceScheduleId } from '../../workflows/ids';
import { startTestDatabase, type TestDatabase } from '../support/postgres';
import { customer, order } from './harness';

// The real dev server (Schedules, real time) and real worker processes: one is killed with SIGKILL in the middle of
// the chains, another takes over. Every run must finish, and nobody may get a message or a bonus twice.

const CUSTOMERS = 120;
const TASK_QUEUE = 'restart-test';

let dev: DevServer;
let db: TestDatabase;
let connection: Connection;
let client: Client;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  [dev, db] = await Promise.all([startTemporalDevServer({ dataDir: null, headless: true, log: () => {} }), startTestDatabase('postgres')]);
  connection = await Connection.connect({ address: dev.address });
  client = new Client({ connection });
});
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await connection?.close();
  await dev?.stop();
  await db?.stop();
});

function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker/main.ts'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: dev.address,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  workers.push(child);
  return child;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const count = async (query: Promise<{ n: number }[]>) => (await query)[0].n;

const doc = ScenarioDocumentSchema.parse({
  format: 'scenario/v1',
  name: 'Цепочка без пауз',
  settings: { timezone: 'Europe/Moscow' },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '03:00' } },
    { id: 'audience', type: 'filter', config: { condition: { field: 'orderCount', op: 'gte', value: 1 } } },
    { id: 'hello', type: 'send', config: { channel: 'email', text: '{{ customer.name }}, мы скучаем' } },
    { id: 'gift', type: 'grantBonus', config: { points: 150, expiresInDays: 3 } },
    { id: 'offer', type: 'send', config: { channel: 'email', text: 'Дарим {{ bonus.points }} баллов' } },
    { id: 'nap', type: 'wait', config: { days: 0 } },
    { id: 'remind', type: 'reminder', config: { channel: 'email', text: 'Баллы ждут' } },
    { id: 'call', type: 'task', config: { text: 'Позвонить {{ customer.name }}' } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'hello' },
    { from: 'hello', port: 'out', to: 'gift' },
    { from: 'gift', port: 'out', to: 'offer' },
    { from: 'offer', port: 'out', to: 'nap' },
    { from: 'nap', port: 'out', to: 'remind' },
    { from: 'remind', port: 'out', to: 'call' },
  ],
});

describe('a worker killed in the middle of the chains', () => {
  it('is replaced; every run completes and nothing is sent or granted twice', { timeout: 300_000 }, async () => {
    const ids = Array.from({ length: CUSTOMERS }, (_, i) => `k${i}`);
    await upsertCustomers(db.sql, ids.map((id) => customer(id)));
    await ingestOrders(db.sql, ids.map((id) => order(`o-${id}`, id, '2025-12-01T12:00:00+03:00')));
    const scenarioId = '11111111-1111-4111-8111-111111111111';
    const plan = compileScenario(doc, { scenarioId, version: 1 });
    await storePublishedScenario(db.sql, doc, plan, new Date());

    const runtime = createScenarioRuntime({ client, sql: db.sql, taskQueue: TASK_QUEUE });
    await runtime.published(scenarioId, 1, plan);
    const schedule = await client.schedule.getHandle(audienceScheduleId(scenarioId)).describe();
    expect(schedule.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 3, end: 3, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
    expect(schedule.spec.timezone).toBe('Europe/Moscow');
    await runtime.paused(scenarioId);
    expect((await client.schedule.getHandle(audienceScheduleId(scenarioId)).describe()).state.paused).toBe(true);
    await runtime.resumed(scenarioId);
    expect((await client.schedule.getHandle(audienceScheduleId(scenarioId)).describe()).state.paused).toBe(false);

    const first = startWorkerProcess();
    const enrolled = runtime.enrolNow(scenarioId);
    // Kill it once a good part of the messages went out, but not all.
    await until('the first messages', async () => (await count(db.sql`SELECT count(*)::int AS n FROM messages`)) >= 60, 120_000);
    first.kill('SIGKILL');
    const sentBeforeKill = await count(db.sql`SELECT count(*)::int AS n FROM messages`);
    startWorkerProcess();

    const totals = await enrolled;
    expect(totals.selected).toBe(CUSTOMERS);
    await until('every run to end', async () => (await count(db.sql`SELECT count(*)::int AS n FROM runs WHERE status <> 'completed'`)) === 0 && (await count(db.sql`SELECT count(*)::int AS n FROM runs`)) === CUSTOMERS, 240_000);

    console.log(`[restart] killed the worker after ${sentBeforeKill} of ${CUSTOMERS * 3} messages`);
    expect(sentBeforeKill).toBeLessThan(CUSTOMERS * 3);
    const perCustomer = await db.sql<{ customer_id: string; messages: number; grants: number; tasks: number; steps: number }[]>`
      SELECT c.id AS customer_id,
             (SELECT count(*)::int FROM messages m WHERE m.customer_id = c.id AND m.status = 'sandbox') AS messages,
             (SELECT count(*)::int FROM bonus_ledger b WHERE b.customer_id = c.id AND b.kind = 'grant') AS grants,
             (SELECT count(*)::int FROM staff_tasks t WHERE t.customer_id = c.id) AS tasks,
             (SELECT count(*)::int FROM run_steps s JOIN runs r ON r.id = s.run_id WHERE r.customer_id = c.id) AS steps
        FROM customers c ORDER BY c.id`;
    expect(perCustomer.filter((r) => r.messages !== 3 || r.grants !== 1 || r.tasks !== 1)).toEqual([]);
    // start, audience, hello, gift, offer, nap (waiting + waited), remind, call.
    expect(new Set(perCustomer.map((r) => r.steps))).toEqual(new Set([9]));

    // The dev server registers ScenarioId/CustomerId: runs are tagged for the Temporal UI.
    const described = await client.workflow.getHandle(`run:${scenarioId}:k7`).describe();
    expect(described.typedSearchAttributes.get(ScenarioIdKey)).toBe(scenarioId);
    expect(described.typedSearchAttributes.get(CustomerIdKey)).toBe('k7');

    await runtime.archived(scenarioId);
    await expect(client.schedule.getHandle(audienceScheduleId(scenarioId)).describe()).rejects.toThrow();
  });
});
