import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assignVariant } from '../../shared/ab/assign';
import { compileScenario } from '../../shared/scenario/compile';
import { ScenarioDocumentSchema, type ScenarioDocumentInput } from '../../shared/scenario/schema';
import type { customerRun } from '../../workflows/customerRun';
import { runWorkflowId } from '../../workflows/ids';
import { currentNodeQuery, exitRun, markConverted, nextWakeAtQuery, skipWait } from '../../workflows/signals';
import { changeConsent } from '../../server/consent/changeConsent';
import { simulationReport } from '../../server/simulate/report';
import { SANDBOX_CHANNELS } from '../../server/simulate/run';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { startWorker, type RunningWorker } from '../../server/worker/start';
import { after, customer, order, startRuntimeHarness, type RuntimeHarness } from './harness';
import { recordHistory } from './histories';

// Customer runs that together take every node type, every signal, both sides of an A/B split and a quiet-hours hold,
// each checked for what the customer got and saved as a replay fixture when recorded (see recordHistories.ts).

// Monday 2 March 2026, midnight in Moscow; the daily triggers below run at 10:00 Moscow (07:00 UTC).
const START = '2026-03-02T00:00:00+03:00';
const ENTRY = '2026-03-02T07:00:00.000Z';
const SUPPORT_QUEUE = 'histories-support';

let h: RuntimeHarness;
let worker: RunningWorker;
beforeAll(async () => {
  h = await startRuntimeHarness();
  worker = await startWorker({
    sql: h.db.sql,
    connection: h.env.nativeConnection,
    namespace: 'default',
    taskQueue: SUPPORT_QUEUE,
    channels: SANDBOX_CHANNELS,
    runClockForMessages: true,
  });
});
afterAll(async () => {
  await worker?.stop();
  await h?.stop();
});
beforeEach(async () => {
  await h.reset();
});

describe('every node type, and an A/B split with a holdout', () => {
  const everyNode: ScenarioDocumentInput = {
    format: 'scenario/v1',
    name: 'Все типы узлов',
    settings: { timezone: 'Europe/Moscow', stopOnPurchase: true, conversionWindowDays: 30 },
    nodes: [
      { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
      { id: 'audience', type: 'filter', config: { condition: { field: 'orderCount', op: 'gte', value: 1 } } },
      { id: 'once', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 180 } },
      {
        id: 'split',
        type: 'abSplit',
        config: {
          variants: [
            { key: 'gift', label: 'Подарок', weight: 50 },
            { key: 'letter', label: 'Письмо', weight: 50 },
          ],
          holdoutPct: 40,
        },
      },
      // Inside the run: its `no` port is connected, so it is not part of the audience query.
      { id: 'spent', type: 'filter', config: { condition: { field: 'totalSpent', op: 'gte', value: 1000 } } },
      { id: 'calm', type: 'frequencyLimit', config: { count: 'messages', scope: 'all', max: 3, periodDays: 30 } },
      { id: 'gift', type: 'grantBonus', config: { points: 200, expiresInDays: 10 } },
      { id: 'offer', type: 'send', config: { channel: 'email', subject: 'Подарок', text: 'Дарим {{ bonus.points }} баллов до {{ bonus.expiresAt | date: "%d.%m" }}' } },
      { id: 'w3', type: 'wait', config: { days: 3 } },
      { id: 'bought', type: 'checkOrders', config: {} },
      { id: 'remind', type: 'reminder', config: { channel: 'email', text: 'Ваши {{ bonus.points }} баллов сгорят {{ bonus.expiresAt | date: "%d.%m" }}' } },
      { id: 'call', type: 'task', config: { text: 'Позвонить клиенту {{ customer.name }}: подарок не помог', role: 'support' } },
      { id: 'bye', type: 'exit', config: {} },
      { id: 'letter', type: 'send', config: { channel: 'email', text: 'Мы скучаем' } },
    ],
    edges: [
      { from: 'start', port: 'out', to: 'audience' },
      { from: 'audience', port: 'yes', to: 'once' },
      { from: 'once', port: 'pass', to: 'split' },
      { from: 'split', port: 'gift', to: 'spent' },
      { from: 'split', port: 'letter', to: 'letter' },
      { from: 'spent', port: 'yes', to: 'calm' },
      { from: 'spent', port: 'no', to: 'bye' },
      { from: 'calm', port: 'pass', to: 'gift' },
      { from: 'gift', port: 'out', to: 'offer' },
      { from: 'offer', port: 'out', to: 'w3' },
      { from: 'w3', port: 'out', to: 'bought' },
      { from: 'bought', port: 'no', to: 'remind' },
      { from: 'remind', port: 'out', to: 'call' },
      { from: 'call', port: 'out', to: 'bye' },
    ],
  };

  it('walks a gift customer through every node type to a call task, writes to the letter side once and to the holdout never', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `ab${String(i + 1).padStart(2, '0')}`);
    await h.customers(ids.map((id) => customer(id)));
    await h.orders(ids.map((id) => order(`o-${id}`, id, '2025-12-01T12:00:00+03:00')));
    // Its own scenario id, not the next of the harness's counter: the variants are a hash of it, and this one puts
    // these 12 customers into all three groups whichever tests ran before.
    const outcome = await h.run(everyNode, { start: START, days: 5, scenarioId: 'ab000000-0000-4000-8000-000000000002' });

    const split = everyNode.nodes.find((n) => n.id === 'split')!.config as Parameters<typeof assignVariant>[1];
    for (const id of ids) {
      const run = outcome.runOf(id);
      expect(run.enteredAt).toBe(ENTRY);
      expect(run.variant).toBe(assignVariant({ scenarioId: outcome.plan.scenarioId, nodeId: 'split', customerId: id }, split));
      expect(run.status).toBe('completed');
      const got = run.messages.map((m) => [after(ENTRY, m.at), m.nodeId, m.text]);
      if (run.variant === 'holdout') {
        expect(got).toEqual([]);
        expect(run.bonuses).toEqual([]);
        expect(run.tasks).toEqual([]);
      } else if (run.variant === 'letter') {
        expect(got).toEqual([['0d 0h', 'letter', 'Мы скучаем']]);
      } else {
        expect(got).toEqual([
          ['0d 0h', 'offer', 'Дарим 200 баллов до 12.03'],
          ['3d 0h', 'remind', 'Ваши 200 баллов сгорят 12.03'],
        ]);
        expect(run.bonuses.map((b) => [after(ENTRY, b.at), b.points, after(b.at, b.expiresAt)])).toEqual([['0d 0h', 200, '10d 0h']]);
        expect(run.tasks.map((t) => [after(ENTRY, t.at), t.text])).toEqual([['3d 0h', `Позвонить клиенту Клиент ${id}: подарок не помог`]]);
        expect(run.steps.map((s) => `${s.nodeId}:${s.outcome}`)).toEqual([
          'start:out',
          'audience:yes',
          'once:pass',
          'split:variant',
          'spent:yes',
          'calm:pass',
          'gift:granted',
          'offer:sent',
          'w3:waiting',
          'w3:waited',
          'bought:no',
          'remind:sent',
          'call:created',
          'bye:exit',
        ]);
      }
    }

    const gift = outcome.runs.find((r) => r.variant === 'gift');
    const holdout = outcome.runs.find((r) => r.variant === 'holdout');
    expect(gift, 'a customer in the gift variant').toBeDefined();
    expect(holdout, 'a customer in the holdout').toBeDefined();
    await recordHistory(h.env.client, runWorkflowId(outcome.plan.scenarioId, gift!.customerId), 'ab-gift-every-node');
    await recordHistory(h.env.client, runWorkflowId(outcome.plan.scenarioId, holdout!.customerId), 'ab-holdout');
  });
});

describe('signal orderPlaced', () => {
  it('without stopOnPurchase, an order mid-wait does not end the run: the check after the wait sees it and thanks', async () => {
    const doc: ScenarioDocumentInput = {
      format: 'scenario/v1',
      name: 'Спасибо за покупку',
      settings: { timezone: 'Europe/Moscow', stopOnPurchase: false, conversionWindowDays: 30 },
      nodes: [
        { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
        { id: 'audience', type: 'filter', config: { condition: { field: 'orderCount', op: 'gte', value: 1 } } },
        { id: 'once', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 180 } },
        { id: 'hello', type: 'send', config: { channel: 'email', text: 'Давно не виделись!' } },
        { id: 'w5', type: 'wait', config: { days: 5 } },
        { id: 'bought', type: 'checkOrders', config: {} },
        { id: 'thanks', type: 'send', config: { channel: 'email', text: 'Спасибо за покупку!' } },
        { id: 'nudge', type: 'send', config: { channel: 'email', text: 'Всё ещё ждём вас' } },
      ],
      edges: [
        { from: 'start', port: 'out', to: 'audience' },
        { from: 'audience', port: 'yes', to: 'once' },
        { from: 'once', port: 'pass', to: 'hello' },
        { from: 'hello', port: 'out', to: 'w5' },
        { from: 'w5', port: 'out', to: 'bought' },
        { from: 'bought', port: 'yes', to: 'thanks' },
        { from: 'bought', port: 'no', to: 'nudge' },
      ],
    };
    await h.customers([customer('pavel', { name: 'Павел' }), customer('rita', { name: 'Рита' })]);
    await h.orders([order('p1', 'pavel', '2025-12-01T12:00:00+03:00'), order('r1', 'rita', '2025-12-01T12:00:00+03:00')]);
    const outcome = await h.run(doc, {
      start: START,
      days: 7,
      // Pavel buys on day 2, in the middle of the 5-day wait.
      events: [order('p2', 'pavel', '2026-03-04T15:00:00+03:00', 1500)],
      recordHistories: { pavel: 'order-placed-run-goes-on' },
    });

    const pavel = outcome.runOf('pavel');
    expect(pavel.status).toBe('completed');
    expect(pavel.messages.map((m) => [after(ENTRY, m.at), m.nodeId])).toEqual([
      ['0d 0h', 'hello'],
      ['5d 0h', 'thanks'],
    ]);
    expect(pavel.steps.find((s) => s.nodeId === 'bought')).toMatchObject({ outcome: 'yes' });
    expect(outcome.runOf('rita').messages.map((m) => [after(ENTRY, m.at), m.nodeId])).toEqual([
      ['0d 0h', 'hello'],
      ['5d 0h', 'nudge'],
    ]);
  });
});

/** Three letters a week and twelve days apart, with stopOnPurchase and no quiet hours. */
function supportChain(): { chain: ScenarioDocumentInput } {
  const chain: ScenarioDocumentInput = {
    format: 'scenario/v1',
    name: 'Письма поддержки',
    settings: { timezone: 'Europe/Moscow', stopOnPurchase: true, conversionWindowDays: 30 },
    nodes: [
      { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
      { id: 'audience', type: 'filter', config: { condition: { field: 'orderCount', op: 'gte', value: 1 } } },
      { id: 'hello', type: 'send', config: { channel: 'email', text: '{{ customer.name }}, давно не виделись!' } },
      { id: 'w7', type: 'wait', config: { days: 7 } },
      { id: 'offer', type: 'send', config: { channel: 'email', text: 'Скидка 10% на следующий заказ' } },
      { id: 'w12', type: 'wait', config: { days: 12 } },
      { id: 'last', type: 'send', config: { channel: 'email', text: 'Последнее письмо' } },
    ],
    edges: [
      { from: 'start', port: 'out', to: 'audience' },
      { from: 'audience', port: 'yes', to: 'hello' },
      { from: 'hello', port: 'out', to: 'w7' },
      { from: 'w7', port: 'out', to: 'offer' },
      { from: 'offer', port: 'out', to: 'w12' },
      { from: 'w12', port: 'out', to: 'last' },
    ],
  };
  return { chain };
}

describe('support signals: skipWait, exitRun, markConverted', () => {
  // No quiet hours: nothing here depends on the time of day. The runs are started directly (as the audience would)
  // so that support can act while they wait; time on the test server skips only while someone waits for a result.
  const { chain } = supportChain();

  it('skipWait cuts the 7-day wait short, exitRun then takes the customer out during the 12-day one', async () => {
    await h.customers([customer('anna', { name: 'Анна' })]);
    await h.orders([order('a1', 'anna', '2025-12-01T12:00:00+03:00')]);
    const { handle, report } = await enter(chain, 'anna', ENTRY);

    await waitingAt(handle, 'w7');
    await handle.signal(skipWait, { by: 'support' });
    await waitingAt(handle, 'w12');
    await handle.signal(exitRun, { reason: 'попросила не писать', by: 'Ольга (поддержка)' });
    expect(await handle.result()).toMatchObject({ status: 'exited', reason: 'выведен из сценария (Ольга (поддержка)): попросила не писать' });
    await recordHistory(h.env.client, handle.workflowId, 'support-skip-wait-then-exit');

    const run = await report();
    expect(run.status).toBe('exited');
    // Both letters on the day of entry: the week's wait was skipped; the last one never went.
    expect(run.messages.map((m) => [after(ENTRY, m.at), m.nodeId, m.text])).toEqual([
      ['0d 0h', 'hello', 'Анна, давно не виделись!'],
      ['0d 0h', 'offer', 'Скидка 10% на следующий заказ'],
    ]);
    expect(run.steps.find((s) => s.nodeId === 'w7' && s.outcome === 'skipped')?.reason).toBe('ожидание прервано сотрудником');
    expect(run.steps.at(-1)).toMatchObject({ nodeId: 'w12', outcome: 'exited' });
  });

  it('markConverted ends the run as converted in the middle of the wait, before the offer', async () => {
    await h.customers([customer('boris', { name: 'Борис' })]);
    await h.orders([order('b1', 'boris', '2025-12-01T12:00:00+03:00')]);
    const { handle, report } = await enter(chain, 'boris', ENTRY);

    await waitingAt(handle, 'w7');
    await handle.signal(markConverted, { reason: 'оплатил наличными в магазине', by: 'Ольга (поддержка)' });
    expect(await handle.result()).toMatchObject({ status: 'converted', reason: 'конверсия отмечена вручную (Ольга (поддержка)): оплатил наличными в магазине' });
    await recordHistory(h.env.client, handle.workflowId, 'support-mark-converted');

    const run = await report();
    expect(run.status).toBe('converted');
    expect(run.messages.map((m) => m.nodeId)).toEqual(['hello']);
    expect(run.steps.at(-1)).toMatchObject({ nodeId: 'w7', outcome: 'converted' });
  });

  it('skipWait sends a message held by quiet hours at once', async () => {
    // Quiet hours, but on a run calendar pinned to 22:00 Moscow (enter() below): the hold does not depend on when
    // the test runs.
    const doc: ScenarioDocumentInput = { ...chain, name: 'Письмо в тихие часы', settings: { ...chain.settings!, quietHours: { start: '21:00', end: '09:00' } } };
    const lateEntry = '2026-03-02T19:00:00.000Z';
    await h.customers([customer('vera', { name: 'Вера', timezone: 'Europe/Moscow' })]);
    await h.orders([order('v1', 'vera', '2025-12-01T12:00:00+03:00')]);
    const { handle, report } = await enter(doc, 'vera', lateEntry);

    await waitingAt(handle, 'hello');
    await handle.signal(skipWait, { by: 'support' });
    // Taken out at the week's wait: waiting for the result would otherwise skip time through the rest of the chain.
    await waitingAt(handle, 'w7');
    await handle.signal(exitRun, { by: 'support' });
    expect(await handle.result()).toMatchObject({ status: 'exited' });
    await recordHistory(h.env.client, handle.workflowId, 'quiet-hours-hold-skipped');

    const run = await report();
    expect(run.steps.find((s) => s.outcome === 'held')?.reason).toBe('отложено до 09:00 (Europe/Moscow): тихие часы 21:00–09:00');
    // Sent at 22:00, not held the 11 hours until 09:00.
    expect(run.messages.map((m) => [after(lateEntry, m.at), m.nodeId])).toEqual([['0d 0h', 'hello']]);
  });
});

describe('what a run checks for itself before it acts', () => {
  // Runs started directly, as in the support tests above; orders are written to the database only, so no signal
  // reaches the run (no outbox deliverer runs here): what stops it is the run's own check before each effect.
  const lateEntry = '2026-03-02T19:00:00.000Z';

  it('an order the run never heard of stops it at the next send, which sends nothing', async () => {
    const { chain } = supportChain();
    await h.customers([customer('gleb', { name: 'Глеб' })]);
    await h.orders([order('g1', 'gleb', '2025-12-01T12:00:00+03:00')]);
    const { handle, report } = await enter(chain, 'gleb', ENTRY);

    await waitingAt(handle, 'w7');
    await h.orders([order('g2', 'gleb', '2026-03-04T12:00:00+03:00', 2400)]);
    await handle.signal(skipWait, { by: 'support' });
    expect(await handle.result()).toMatchObject({ status: 'converted' });
    await recordHistory(h.env.client, handle.workflowId, 'order-found-before-send');

    const run = await report();
    expect(run.messages.map((m) => m.nodeId)).toEqual(['hello']);
    expect(run.steps.find((s) => s.nodeId === 'offer')).toMatchObject({ outcome: 'converted', reason: expect.stringContaining('заказ g2') });
    expect(await h.db.sql`SELECT count(*)::int AS n FROM messages WHERE customer_id = 'gleb'`).toEqual([{ n: 1 }]);
  });

  it('a reminder held by quiet hours looks at the bonus again when it goes: points spent meanwhile are not reminded', async () => {
    const doc: ScenarioDocumentInput = {
      format: 'scenario/v1',
      name: 'Напоминание в тихие часы',
      // Without stopOnPurchase the order does not end the run: only the reminder's own look at the bonus stops it.
      settings: { timezone: 'Europe/Moscow', stopOnPurchase: false, conversionWindowDays: 30, quietHours: { start: '21:00', end: '09:00' } },
      nodes: [
        { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
        { id: 'gift', type: 'grantBonus', config: { points: 300, expiresInDays: 10 } },
        { id: 'remind', type: 'reminder', config: { channel: 'email', text: 'Ваши {{ bonus.points }} баллов сгорят {{ bonus.expiresAt | date: "%d.%m" }}' } },
      ],
      edges: [
        { from: 'start', port: 'out', to: 'gift' },
        { from: 'gift', port: 'out', to: 'remind' },
      ],
    };
    await h.customers([customer('zina', { name: 'Зина', timezone: 'Europe/Moscow' })]);
    const { handle, report } = await enter(doc, 'zina', lateEntry);

    // Granted at 22:00 Moscow, the reminder is held until 09:00; the points are spent at the till meanwhile. Waiting
    // for the result lets the test server's clock run to 09:00, when the reminder looks again.
    await waitingAt(handle, 'remind');
    await h.orders([order('z1', 'zina', '2026-03-02T23:30:00+03:00', 900, { bonusSpent: 300 })]);
    expect(await handle.result()).toMatchObject({ status: 'completed' });
    await recordHistory(h.env.client, handle.workflowId, 'reminder-bonus-spent-during-hold');

    const run = await report();
    expect(run.messages).toEqual([]);
    expect(run.steps.find((s) => s.nodeId === 'remind' && s.outcome !== 'held')).toMatchObject({ outcome: 'skipped', reason: 'напоминание не отправлено: бонус потрачен' });
  });

  it('a letter held by quiet hours looks at consent again when it goes: a customer unsubscribed meanwhile gets nothing', async () => {
    const { chain } = supportChain();
    const doc: ScenarioDocumentInput = {
      ...chain,
      name: 'Письмо в тихие часы',
      settings: { ...chain.settings!, quietHours: { start: '21:00', end: '09:00' } },
      nodes: chain.nodes.slice(0, 3),
      edges: chain.edges.slice(0, 2),
    };
    await h.customers([customer('nina', { name: 'Нина', timezone: 'Europe/Moscow' })]);
    await h.orders([order('n1', 'nina', '2025-12-01T12:00:00+03:00')]);
    const { handle, report } = await enter(doc, 'nina', lateEntry);

    await waitingAt(handle, 'hello');
    await changeConsent(h.db.sql, [{ customerId: 'nina', channel: 'email', subscribed: false, source: 'support' }]);
    expect(await handle.result()).toMatchObject({ status: 'completed' });

    const run = await report();
    expect(run.messages).toEqual([]);
    expect(run.steps.find((s) => s.nodeId === 'hello' && s.outcome !== 'held')).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('нет согласия на email') });
  });

  it('a second start of the same firing, after the first run ended, does not enter the customer again', async () => {
    const { chain } = supportChain();
    const once: ScenarioDocumentInput = { ...chain, name: 'Одно письмо', nodes: chain.nodes.slice(0, 3), edges: chain.edges.slice(0, 2) };
    await h.customers([customer('lev', { name: 'Лев' })]);
    await h.orders([order('l1', 'lev', '2025-12-01T12:00:00+03:00')]);
    const { handle, again, report } = await enter(once, 'lev', ENTRY);
    expect(await handle.result()).toMatchObject({ status: 'completed' });

    // The same workflow id may start again once the first run closed (a retried enrolment page does exactly that).
    const second = await again();
    expect(await second.result()).toMatchObject({ status: 'exited', reason: 'уже входил в сценарий в этот запуск' });
    await recordHistory(h.env.client, second.workflowId, 'second-start-same-firing');

    const run = await report();
    expect(run.status).toBe('completed');
    expect(run.messages.map((m) => m.nodeId)).toEqual(['hello']);
  });
});

let directRuns = 0;

/**
 * Publishes `doc` and starts `customerId`'s run directly on the support worker, on a run calendar that starts at
 * `enteredAt` whatever the test server's clock says (the same shift simulations use).
 */
async function enter(input: ScenarioDocumentInput, customerId: string, enteredAt: string) {
  const doc = ScenarioDocumentSchema.parse(input);
  const plan = compileScenario(doc, { scenarioId: `00000000-0000-4000-9000-${String(++directRuns).padStart(12, '0')}`, version: 1 });
  await storePublishedScenario(h.db.sql, doc, plan, new Date(enteredAt));
  const start = async () =>
    h.env.client.workflow.start<typeof customerRun>('customerRun', {
      workflowId: runWorkflowId(plan.scenarioId, customerId),
      taskQueue: SUPPORT_QUEUE,
      args: [{ plan, customerId, enteredAt, clockOffsetMs: Date.parse(enteredAt) - (await h.env.currentTimeMs()) }],
    });
  const handle = await start();
  const report = async () => {
    const { runs } = await simulationReport(h.db.sql, plan.scenarioId);
    expect(runs).toHaveLength(1);
    return runs[0];
  };
  // `again` starts the same run once more: same plan, customer and entry time, so the same firing.
  return { handle, again: start, report };
}

/** Until the run is paused at `nodeId` (a wait, or a message held by quiet hours). */
async function waitingAt(handle: WorkflowHandle, nodeId: string): Promise<void> {
  for (;;) {
    if ((await handle.query(currentNodeQuery)) === nodeId && (await handle.query(nextWakeAtQuery)) !== null) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
