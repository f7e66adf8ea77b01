import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileScenario } from '../../shared/scenario/compile';
import type { Plan } from '../../shared/scenario/plan';
import { CHANNELS, ScenarioDocumentSchema, type ScenarioDocumentInput } from '../../shared/scenario/schema';
import { nextDailyRun } from '../../shared/time/quietHours';
import { audienceActivities } from '../../server/activities/audience';
import type { ActivityDeps } from '../../server/activities/deps';
import type { Channels } from '../../server/channels';
import { sandboxAdapter } from '../../server/channels/sandbox';
import { upsertCustomers } from '../../server/ingest/customers';
import { ingestOrders } from '../../server/ingest/orders';
import { controlGroupSql, inControlGroup } from '../../server/policy/control';
import { loadPolicy, savePolicy } from '../../server/policy/store';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { startTimeSkippingServer } from '../../server/simulate/testServer';
import { startWorker, type RunningWorker } from '../../server/worker/start';
import { startTestDatabase, type TestDatabase } from '../support/postgres';
import { customer, order, quietTemporalLogs } from '../runtime/harness';

// Issue 14, enrolment: the global control group never enters; within an exclusivity group a customer enters only the
// strongest scenario that wants them that day, whichever trigger fires first, and never while a live run of the
// group holds them; every customer the audience selected but did not enrol leaves a why-not record.

const TASK_QUEUE = 'policy-enrolment-test';
const DAY = 86_400_000;
const CHANNELS_SANDBOX = Object.fromEntries(CHANNELS.map((c) => [c, sandboxAdapter(c)])) as Channels;

let db: TestDatabase;
let env: TestWorkflowEnvironment;
let worker: RunningWorker;
let deps: ActivityDeps;
beforeAll(async () => {
  quietTemporalLogs();
  [db, env] = await Promise.all([startTestDatabase(), startTimeSkippingServer(() => {})]);
  worker = await startWorker({ sql: db.sql, connection: env.nativeConnection, namespace: 'default', taskQueue: TASK_QUEUE, channels: CHANNELS_SANDBOX });
  deps = { sql: db.sql, client: env.client, taskQueue: TASK_QUEUE, channels: CHANNELS_SANDBOX };
}, 180_000);
afterAll(async () => {
  await worker?.stop();
  await env?.teardown();
  await db?.stop();
});
beforeEach(async () => {
  // A run of an earlier test may still be writing its steps; the TRUNCATE and it may deadlock (one is aborted and
  // the activity retries by design), so the reset retries too.
  for (let attempt = 1; ; attempt++) {
    try {
      await db.sql`TRUNCATE run_steps, messages, staff_tasks, bonus_ledger, entry_skips, runs, scenario_versions, scenarios, order_items, orders, customer_stats, customers, communication_policies CASCADE`;
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt === 3) throw error;
    }
  }
});

/** Waits in a run for a month: the run stays live, as a long chain's does. */
const waiting = (name: string, settings: Record<string, unknown>, condition: unknown): ScenarioDocumentInput => ({
  format: 'scenario/v1',
  name,
  settings: { timezone: 'Europe/Moscow', ...settings },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '12:00' } },
    { id: 'audience', type: 'filter', config: { condition } },
    { id: 'later', type: 'wait', config: { days: 30 } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'later' },
  ],
});

/**
 * Once a month, one email, done: its run ends a moment after entry, and its own frequency limit then stops the
 * customer for the rest of the month. Only the record of today's entry can tell a weaker scenario that it took them.
 */
const onceAMonth = (name: string, settings: Record<string, unknown>, condition: unknown): ScenarioDocumentInput => ({
  format: 'scenario/v1',
  name,
  settings: { timezone: 'Europe/Moscow', ...settings },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '12:00' } },
    { id: 'audience', type: 'filter', config: { condition } },
    { id: 'once', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 30 } },
    { id: 'hello', type: 'send', config: { channel: 'email', subject: 'Мы скучаем', text: 'Загляните к нам' } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'once' },
    { from: 'once', port: 'pass', to: 'hello' },
  ],
});

const BUYERS = { field: 'orderCount', op: 'gte', value: 1 };
const VIP = { field: 'cardType', op: 'eq', value: 'vip' };

/** Publishes a document under a fresh id (workflows of earlier tests may still wait under the old ones). */
async function publish(input: ScenarioDocumentInput, createdAt: Date): Promise<Plan> {
  const doc = ScenarioDocumentSchema.parse(input);
  const plan = compileScenario(doc, { scenarioId: randomUUID(), version: 1 });
  await storePublishedScenario(db.sql, doc, plan, createdAt);
  return plan;
}

async function shop(ids: string[], vip: string[] = []) {
  await upsertCustomers(db.sql, ids.map((id) => customer(id, { cardType: vip.includes(id) ? 'vip' : 'regular' })));
  await ingestOrders(db.sql, ids.map((id) => order(`o-${id}`, id, '2025-06-01T12:00:00+03:00')));
}

/** A moment of the test server's clock at noon in Moscow (its clock, not the machine's, decides the runs' time). */
async function noon(): Promise<Date> {
  const now = await env.currentTimeMs();
  return nextDailyRun(new Date(now), '12:00', 'Europe/Moscow');
}

const fire = (plan: Plan, now: Date, pageSize = 1000) =>
  audienceActivities(deps).enrolPage({ plan, afterId: null, pageSize, now: now.toISOString(), clockOffsetMs: 0 }) as Promise<{
    lastId: string | null;
    selected: number;
    started: number;
    alreadyRunning: number;
    skipped: number;
  }>;

/** Polls until `plan` has `n` runs in the database (and, with `ended`, all of them over). */
async function runsOf(plan: Plan, n: number, ended = false): Promise<string[]> {
  for (let i = 0; i < 600; i++) {
    const rows = await db.sql<{ customer_id: string; status: string }[]>`SELECT customer_id, status FROM runs WHERE scenario_id = ${plan.scenarioId} ORDER BY customer_id`;
    if (rows.length >= n && (!ended || rows.every((r) => r.status !== 'running'))) return rows.map((r) => r.customer_id);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${n} runs of ${plan.scenarioId} never appeared`);
}

const skips = () =>
  db.sql<{ scenario_id: string; customer_id: string; reason: string; other_scenario_id: string | null; day: string }[]>`
    SELECT scenario_id, customer_id, reason, other_scenario_id, day::text FROM entry_skips ORDER BY scenario_id, customer_id`;

const allRuns = async () =>
  (await db.sql<{ scenario_id: string; customer_id: string }[]>`SELECT scenario_id, customer_id FROM runs ORDER BY scenario_id, customer_id`).map((r) => `${r.scenario_id}:${r.customer_id}`);

describe('enrolment under the communication policy', () => {
  it("a customer in the global control group never enters, and leaves a 'control' record once per firing", { timeout: 120_000 }, async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    await shop(ids);
    await savePolicy(db.sql, { caps: [], maxDelayDays: 3, controlGroup: { sharePct: 50 } }, { userId: null, tokenId: null, name: 'test' });
    const policy = await loadPolicy(db.sql);
    const control = ids.filter((id) => inControlGroup(id, policy));
    expect(control.length).toBeGreaterThan(0);
    expect(control.length).toBeLessThan(ids.length);

    const at = await noon();
    const plan = await publish(waiting('Все покупатели', {}, BUYERS), new Date(at.getTime() - DAY));
    // Pages of 7: blocked customers count towards a page, so paging goes on past them.
    let afterId: string | null = null;
    let totals = { selected: 0, started: 0, skipped: 0 };
    for (;;) {
      const page = await audienceActivities(deps).enrolPage({ plan, afterId, pageSize: 7, now: at.toISOString(), clockOffsetMs: 0 }) as Awaited<ReturnType<typeof fire>>;
      totals = { selected: totals.selected + page.selected, started: totals.started + page.started, skipped: totals.skipped + page.skipped };
      if (page.lastId === null || page.selected < 7) break;
      afterId = page.lastId;
    }
    expect(totals).toEqual({ selected: ids.length, started: ids.length - control.length, skipped: control.length });
    const entered = await runsOf(plan, ids.length - control.length);
    expect(entered).toEqual(ids.filter((id) => !control.includes(id)));

    const recorded = await skips();
    expect(recorded.map((s) => s.customer_id)).toEqual(control);
    expect(new Set(recorded.map((s) => `${s.reason}/${s.other_scenario_id}/${s.day}`))).toEqual(new Set([`control/null/${localDay(at)}`]));

    // The same firing again ("enrol now" after the schedule): nobody new, no second record.
    const again = await fire(plan, new Date(at.getTime() + 3_600_000));
    expect(again).toMatchObject({ started: 0, skipped: control.length });
    expect(await skips()).toHaveLength(control.length);
  });

  it('two scenarios of one group: the customer enters only the stronger one whichever fires first, the other records why', { timeout: 180_000 }, async () => {
    // Customers: r1 ordinary (only «Уходящие» wants them), v1 and v2 VIP (both want them; «Спящие» has priority 80).
    const outcome = async (strongFirst: boolean) => {
      await db.sql`TRUNCATE run_steps, messages, entry_skips, runs, scenario_versions, scenarios, order_items, orders, customer_stats, customers CASCADE`;
      await shop(['r1', 'v1', 'v2'], ['v1', 'v2']);
      const at = await noon();
      const leaving = await publish(waiting('Уходящие', { exclusivityGroup: 'возврат' }, BUYERS), new Date(at.getTime() - 2 * DAY));
      const sleeping = await publish(onceAMonth('Спящие', { exclusivityGroup: 'возврат', priority: 80 }, VIP), new Date(at.getTime() - DAY));
      if (strongFirst) {
        expect(await fire(sleeping, at)).toMatchObject({ selected: 2, started: 2, skipped: 0 });
        // Its runs are over before the other fires: only the record of today's entry holds the customers now.
        await runsOf(sleeping, 2, true);
        expect(await fire(leaving, new Date(at.getTime() + 60_000))).toMatchObject({ selected: 3, started: 1, skipped: 2 });
      } else {
        expect(await fire(leaving, at)).toMatchObject({ selected: 3, started: 1, skipped: 2 });
        expect(await fire(sleeping, new Date(at.getTime() + 60_000))).toMatchObject({ selected: 2, started: 2, skipped: 0 });
        await runsOf(sleeping, 2, true);
      }
      await runsOf(leaving, 1);
      const name = (id: string | null) => (id === leaving.scenarioId ? 'Уходящие' : id === sleeping.scenarioId ? 'Спящие' : id);
      return {
        runs: (await allRuns()).map((r) => `${name(r.split(':')[0])}:${r.split(':')[1]}`).sort(),
        skips: (await skips()).map((s) => `${name(s.scenario_id)}:${s.customer_id}:${s.reason}:${name(s.other_scenario_id)}`).sort(),
      };
    };
    const expected = {
      runs: ['Спящие:v1', 'Спящие:v2', 'Уходящие:r1'],
      skips: ['Уходящие:v1:exclusive_priority:Спящие', 'Уходящие:v2:exclusive_priority:Спящие'],
    };
    expect(await outcome(false)).toEqual(expected);
    expect(await outcome(true)).toEqual(expected);
  });

  it('equal priorities go to the older scenario', { timeout: 120_000 }, async () => {
    await shop(['v1'], ['v1']);
    const at = await noon();
    const older = await publish(waiting('Старый', { exclusivityGroup: 'g' }, VIP), new Date(at.getTime() - 2 * DAY));
    const newer = await publish(waiting('Новый', { exclusivityGroup: 'g' }, VIP), new Date(at.getTime() - DAY));
    expect(await fire(newer, at)).toMatchObject({ started: 0, skipped: 1 });
    expect(await fire(older, at)).toMatchObject({ started: 1, skipped: 0 });
    await runsOf(older, 1);
    expect((await skips()).map((s) => [s.scenario_id, s.reason, s.other_scenario_id])).toEqual([[newer.scenarioId, 'exclusive_priority', older.scenarioId]]);
  });

  it("a live run of a scenario of the group holds its customer, even from a stronger one ('exclusive_running'); a scenario without a group is unaffected", { timeout: 180_000 }, async () => {
    await shop(['r1', 'v1']);
    const day1 = await noon();
    const leaving = await publish(waiting('Уходящие', { exclusivityGroup: 'возврат', priority: 10 }, BUYERS), new Date(day1.getTime() - 3 * DAY));
    const sleeping = await publish(waiting('Спящие', { exclusivityGroup: 'возврат', priority: 90 }, VIP), new Date(day1.getTime() - 2 * DAY));
    const loose = await publish(waiting('Без группы', { priority: 100 }, VIP), new Date(day1.getTime() - DAY));

    // Day 1: nobody is VIP yet; «Уходящие» takes both (their runs wait a month).
    expect(await fire(leaving, day1)).toMatchObject({ started: 2 });
    await runsOf(leaving, 2);
    // Day 2: both became VIP.
    await db.sql`UPDATE customers SET card_type = 'vip'`;
    const day2 = new Date(day1.getTime() + DAY);
    expect(await fire(sleeping, day2)).toMatchObject({ selected: 2, started: 0, skipped: 2 });
    expect(await fire(loose, day2)).toMatchObject({ selected: 2, started: 2, skipped: 0 });
    await runsOf(loose, 2);

    expect((await skips()).map((s) => [s.scenario_id, s.customer_id, s.reason, s.other_scenario_id, s.day])).toEqual([
      [sleeping.scenarioId, 'r1', 'exclusive_running', leaving.scenarioId, localDay(day2)],
      [sleeping.scenarioId, 'v1', 'exclusive_running', leaving.scenarioId, localDay(day2)],
    ]);
  });

  it("a paused scenario's live runs still hold their customers (pausing stops entries, not the runs inside)", { timeout: 120_000 }, async () => {
    await shop(['v1'], ['v1']);
    const at = await noon();
    const first = await publish(waiting('Первый', { exclusivityGroup: 'g', priority: 10 }, VIP), new Date(at.getTime() - 2 * DAY));
    const second = await publish(waiting('Второй', { exclusivityGroup: 'g', priority: 20 }, VIP), new Date(at.getTime() - DAY));
    await db.sql`INSERT INTO runs (id, workflow_id, scenario_id, version, customer_id, status, entered_at)
                 VALUES ('held', 'held', ${first.scenarioId}, 1, 'v1', 'running', ${new Date(at.getTime() - 5 * DAY)})`;
    await db.sql`UPDATE scenarios SET status = 'paused' WHERE id = ${first.scenarioId}`;
    expect(await fire(second, at)).toMatchObject({ started: 0, skipped: 1 });
    // Once that run is over, the customer is free.
    await db.sql`UPDATE runs SET status = 'completed', ended_at = ${at} WHERE id = 'held'`;
    expect(await fire(second, new Date(at.getTime() + DAY))).toMatchObject({ started: 1 });
  });

  it('the control group in SQL is the same hash as in TypeScript, over 10,000 ids', async () => {
    await savePolicy(db.sql, { caps: [], maxDelayDays: 3, controlGroup: { sharePct: 37.3 } }, { userId: null, tokenId: null, name: 'test' });
    const policy = await loadPolicy(db.sql);
    const ids = Array.from({ length: 10_000 }, (_, i) => (i % 3 === 0 ? `c${i}` : i % 3 === 1 ? `7900${String(i * 7919).padStart(7, '0')}` : `клиент-${i}`));
    for (const sharePct of [0.1, 5, 37.3, 50]) {
      const shaped = { ...policy, controlGroup: { sharePct } };
      const rows = await db.sql<{ id: string; member: boolean }[]>`
        SELECT id, ${controlGroupSql(db.sql, db.sql`id`, shaped)} AS member FROM unnest(${db.sql.array(ids)}::text[]) AS id`;
      const sqlMembers = rows.filter((r) => r.member).map((r) => r.id).sort();
      const tsMembers = ids.filter((id) => inControlGroup(id, shaped)).sort();
      expect(sqlMembers).toEqual(tsMembers);
      // About the share, so the comparison is not between two empty lists.
      expect(Math.abs(tsMembers.length / ids.length - sharePct / 100)).toBeLessThan(0.02);
    }
  });
});

/** The local calendar day in Moscow, as `entry_skips.day` reads. */
function localDay(at: Date): string {
  return new Date(at.getTime() + 3 * 3_600_000).toISOString().slice(0, 10);
}
