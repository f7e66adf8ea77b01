import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { compileScenario } from '../../shared/scenario/compile';
import type { Plan } from '../../shared/scenario/plan';
import { ScenarioDocumentSchema, type ScenarioDocumentInput } from '../../shared/scenario/schema';
import type { SimulatedEvent, SimulatedOrder } from '../../workflows/simulation';
import { runWorkflowId } from '../../workflows/ids';
import { ingestOrders } from '../../server/ingest/orders';
import { upsertCustomers } from '../../server/ingest/customers';
import { simulationReport, type SimulatedRun } from '../../server/simulate/report';
import { runSimulation } from '../../server/simulate/run';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { startTimeSkippingServer } from '../../server/simulate/testServer';
import { startTestDatabase, type TestDatabase } from '../support/postgres';
import { nextDailyRun } from '../../shared/time/quietHours';
import { recordHistory } from './histories';
import type { PolicyRequest } from '../../shared/api/policy';
import { savePolicy } from '../../server/policy/store';
import type { WebhookTransport } from '../../server/webhooks/call';


const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Real PostgreSQL + Temporal's time-skipping test server, shared by the tests of one file. */
export interface RuntimeHarness {
  db: TestDatabase;
  env: TestWorkflowEnvironment;
  /** Empties every table the runtime touches (each test brings its own customers). */
  reset(): Promise<void>;
  /**
   * Moves the test server's clock forward to the next `at` (HH:MM) in `timeZone` and returns that instant: runs
   * started afterwards meet the same time of day (quiet hours, daily triggers) whatever the machine's clock and zone.
   * Time skips only here; afterwards the server's clock runs at wall speed again.
   */
  clockTo(at: string, timeZone?: string): Promise<Date>;
  customers(records: unknown[]): Promise<void>;
  orders(records: unknown[]): Promise<void>;
  /**
   * Publishes `doc` and lets it run for `days` from `start`: a daily trigger, order events at their times, the
   * production workflows and activities. Returns every run of that scenario, keyed by customer id (a customer who
   * entered twice has two runs).
   */
  run(doc: ScenarioDocumentInput, options: RunOptions): Promise<ScenarioOutcome>;
  /**
   * Publishes several documents and lets them run together over the same customers (each with its own daily
   * trigger; triggers of one minute fire in this order). Returns each scenario's outcome in the same order.
   */
  runTogether(docs: Array<{ doc: ScenarioDocumentInput; scenarioId?: string }>, options: Omit<RunOptions, 'scenarioId'>): Promise<ScenarioOutcome[]>;
  /** Saves the shop's communication policy (the next version; the control group's seed is the harness's own). */
  policy(policy: PolicyRequest): Promise<void>;
  stop(): Promise<void>;
}

export interface RunOptions {
  start: string;
  days: number;
  events?: SimulatedOrder[];
  /** Custom events (POST /api/events) at their times. */
  customEvents?: SimulatedEvent[];
  /** Customer id → fixture name: that run's workflow history is saved for replay tests when RECORD_HISTORIES=1. */
  recordHistories?: Record<string, string>;
  /**
   * The scenario's id; by default the next of a per-file counter, so it depends on how many scenarios the tests
   * before ran. A test whose outcome hangs on the id (A/B variants are a hash of it) fixes its own.
   */
  scenarioId?: string;
  /** How webhook nodes call: by default not at all, as in any simulation; a live transport reaches loopback fakes. */
  webhooks?: WebhookTransport;
}

export interface ScenarioOutcome {
  plan: Plan;
  runs: SimulatedRun[];
  /** The only run of a customer (fails when there is not exactly one). */
  runOf(customerId: string): SimulatedRun;
  runsOf(customerId: string): SimulatedRun[];
}

/**
 * The harness of one test file: started before its tests, stopped after them, and emptied before each test. The
 * returned object stands for the harness started in `beforeAll`.
 */
export function useRuntimeHarness(): RuntimeHarness {
  let started: RuntimeHarness | null = null;
  beforeAll(async () => {
    started = await startRuntimeHarness();
  });
  afterAll(async () => {
    await started?.stop();
  });
  beforeEach(async () => {
    await started!.reset();
  });
  return new Proxy({} as RuntimeHarness, {
    get(_, key) {
      if (!started) throw new Error('the runtime harness is used before its beforeAll started it');
      return started[key as keyof RuntimeHarness];
    },
  });
}

export async function startRuntimeHarness(): Promise<RuntimeHarness> {
  quietTemporalLogs();
  const db = await startTestDatabase();
  const env = await startTimeSkippingServer(() => {});
  let scenarioCount = 0;
  const harness: RuntimeHarness = {
    db,
    env,
    async reset() {
      // A workflow a test left behind may still have an activity writing; TRUNCATE then waits for it, and the two may
      // deadlock (PostgreSQL aborts one of them). The activity retries by design; so does the reset.
      for (let attempt = 1; ; attempt++) {
        try {
          await db.sql`TRUNCATE run_steps, messages, entry_events, customer_events, staff_tasks, bonus_ledger, entry_skips, runs, scenario_versions, scenarios, order_items, orders, customer_stats, customers, report_counts, communication_policies CASCADE`;
          return;
        } catch (error) {
          if ((error as { code?: string }).code !== '40P01' || attempt === 3) throw error;
        }
      }
    },
    async clockTo(at, timeZone = 'Europe/Moscow') {
      const now = await env.currentTimeMs();
      const target = nextDailyRun(new Date(now), at, timeZone);
      await env.sleep(target.getTime() - now);
      return target;
    },
    async customers(records) {
      const result = await upsertCustomers(db.sql, records);
      if (result.summary.rejected) throw new Error(`customers rejected: ${JSON.stringify(result.results.filter((r) => r.status === 'rejected'))}`);
    },
    async orders(records) {
      const result = await ingestOrders(db.sql, records);
      if (result.summary.rejected) throw new Error(`orders rejected: ${JSON.stringify(result.results.filter((r) => r.status === 'rejected'))}`);
    },
    async run(input, options) {
      const [outcome] = await harness.runTogether([{ doc: input, scenarioId: options.scenarioId }], options);
      return outcome;
    },
    async runTogether(inputs, options) {
      const start = new Date(options.start);
      const plans: Plan[] = [];
      for (const input of inputs) {
        const doc = ScenarioDocumentSchema.parse(input.doc);
        const scenarioId = input.scenarioId ?? `00000000-0000-4000-8000-${String(++scenarioCount).padStart(12, '0')}`;
        const plan = compileScenario(doc, { scenarioId, version: 1 });
        // Published a second apart: "the older scenario" (ties of priority) is the one listed first.
        await storePublishedScenario(db.sql, doc, plan, new Date(start.getTime() - (inputs.length - plans.length) * 1000));
        plans.push(plan);
      }
      await runSimulation(env, db.sql, { plans, start, days: options.days, events: options.events ?? [], customEvents: options.customEvents, webhooks: options.webhooks });
      for (const [customerId, name] of Object.entries(options.recordHistories ?? {})) {
        await recordHistory(env.client, runWorkflowId(plans[0].scenarioId, customerId), name);
      }
      const outcomes: ScenarioOutcome[] = [];
      for (const plan of plans) {
        const { runs } = await simulationReport(db.sql, plan.scenarioId);
        outcomes.push({
          plan,
          runs,
          runsOf: (customerId) => runs.filter((r) => r.customerId === customerId),
          runOf(customerId) {
            const found = runs.filter((r) => r.customerId === customerId);
            if (found.length !== 1) throw new Error(`expected one run of ${customerId}, got ${found.length}`);
            return found[0];
          },
        });
      }
      return outcomes;
    },
    async policy(policy) {
      await savePolicy(db.sql, policy, { userId: null, tokenId: null, name: 'test' });
    },
    async stop() {
      await env.teardown();
      await db.stop();
    },
  };
  return harness;
}

/** trigger → everyone with an order → the given nodes in a chain. */
export function chain(name: string, at: string, nodes: ScenarioDocumentInput['nodes'], settings: ScenarioDocumentInput['settings'] = {}): ScenarioDocumentInput {
  const all = [
    { id: 'start', type: 'dailyTrigger', config: { at } },
    { id: 'audience', type: 'filter', config: { condition: { field: 'orderCount', op: 'gte', value: 1 } } },
    ...nodes,
  ] as ScenarioDocumentInput['nodes'];
  const edges = all.slice(1).map((n, i) => ({ from: all[i].id, port: i === 1 ? 'yes' : all[i].type === 'frequencyLimit' ? 'pass' : 'out', to: n.id }));
  return { format: 'scenario/v1', name, settings, nodes: all, edges };
}

/** A customer record as POST /api/customers takes it, subscribed to email with an address unless told otherwise. */
export function customer(id: string, fields: Record<string, unknown> = {}) {
  return {
    id,
    name: `Клиент ${id}`,
    registeredAt: '2024-01-10T12:00:00+03:00',
    email: `${id.toLowerCase()}@example.ru`,
    subscriptions: { email: true, sms: false, telegram: false, push: false },
    ...fields,
  };
}

export function order(id: string, customerId: string, placedAt: string, amount = 1200, extra: Record<string, unknown> = {}) {
  return { id, customerId, amount, placedAt, items: [{ sku: 'latte', name: 'Латте', category: 'Кофе', qty: 1, price: amount }], ...extra };
}

/** Whole days and hours from `from` to `to` (ISO), e.g. "7d 0h": how tests say "when" a customer got something. */
export function after(from: string, to: string): string {
  const ms = new Date(to).getTime() - new Date(from).getTime();
  const days = Math.floor(ms / DAY);
  const hours = Math.round((ms - days * DAY) / HOUR);
  return `${days}d ${hours}h`;
}

let runtimeInstalled = false;

/** Worker start/stop lines at INFO drown test output; warnings and errors still show. */
export function quietTemporalLogs(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed by an earlier import in this process
  }
}
