import { describe, expect, it } from 'vitest';
import { inControlGroup } from '../../server/policy/control';
import { loadPolicy } from '../../server/policy/store';
import { togetherReport } from '../../server/simulate/report';
import type { ScenarioDocumentInput } from '../../shared/scenario/schema';
import { runWorkflowId } from '../../workflows/ids';
import { chain, customer, order, useRuntimeHarness, type ScenarioOutcome } from './harness';
import { recordHistory } from './histories';

/** A Monday: weeks in these tests run Monday to Sunday, as the caps count them. */
const START = '2026-03-02T00:00:00+03:00';
const MSK = { timezone: 'Europe/Moscow' };

const h = useRuntimeHarness();

/** Enters once (a 30-day entry limit right after the audience), then the given nodes. */
const once = (name: string, at: string, nodes: ScenarioDocumentInput['nodes'], settings: ScenarioDocumentInput['settings'] = MSK) =>
  chain(name, at, [{ id: 'once', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 30 } }, ...nodes], settings);
const send = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: 'send' as const, config: { channel: 'email' as const, text: id, ...extra } });
const wait = (id: string, days: number) => ({ id, type: 'wait' as const, config: { days } });

/** «nodeId @ local time» for each message of a customer in the scenarios, in time order. */
function sends(outcomes: ScenarioOutcome[], customerId: string): string[] {
  return outcomes
    .flatMap((o) => o.runsOf(customerId).flatMap((r) => r.messages))
    .sort((a, b) => a.at.localeCompare(b.at) || a.nodeId.localeCompare(b.nodeId))
    .map((m) => `${m.nodeId} @ ${new Date(m.at).toLocaleString('ru-RU', { timeZone: 'Europe/Moscow', dateStyle: 'short', timeStyle: 'short' })}`);
}

/** Keeps the run's history as a replay fixture (only when recording: npx tsx test/runtime/recordHistories.ts). */
const record = (outcome: ScenarioOutcome, customerId: string, name: string) => recordHistory(h.env.client, runWorkflowId(outcome.plan.scenarioId, customerId), name);

const journal = (outcome: ScenarioOutcome, customerId: string) => outcome.runOf(customerId).steps.map((s) => `${s.nodeId} ${s.outcome}${s.reason ? `: ${s.reason}` : ''}`);

describe('two scenarios under one policy: 1 message a day and 2 a week', () => {
  it('defers instead of dropping: every message arrives, at its own hour on the first day the caps allow', async () => {
    await h.policy({ caps: [{ channel: 'all', period: 'day', max: 1 }, { channel: 'all', period: 'week', max: 2 }], maxDelayDays: 7, controlGroup: { sharePct: 0 } });
    await h.customers([customer('anna', MSK)]);
    await h.orders([order('o1', 'anna', '2025-12-01T12:00:00+03:00')]);
    const a = once('A: Спящие', '10:00', [send('a1'), wait('w', 2), send('a2')], { ...MSK, quietHours: { start: '22:00', end: '09:00' } });
    const b = once('B: Уходящие', '12:00', [send('b1'), wait('w', 3), send('b2')], { ...MSK, quietHours: { start: '21:00', end: '10:00' } });
    const outcomes = await h.runTogether([{ doc: a }, { doc: b }], { start: START, days: 10 });

    // Mon 10:00 a1 (day 1, week 1). Mon 12:00 b1 is over the day → Tue 12:00 (week 2).
    // Wed 10:00 a2 is over the week → next Monday 10:00.
    // Fri 12:00 b2 is over the week → Monday 12:00 (a2 has not gone yet: a deferred message holds no slot); at Monday
    // 12:00 a2 (10:00) has the day → deferred again to Tuesday 12:00, within 7 days of its first deferral.
    expect(sends(outcomes, 'anna')).toEqual(['a1 @ 02.03.2026, 10:00', 'b1 @ 03.03.2026, 12:00', 'a2 @ 09.03.2026, 10:00', 'b2 @ 10.03.2026, 12:00']);
    const [ofA, ofB] = outcomes;
    await record(ofA, 'anna', 'policy-deferred-to-next-week');
    await record(ofB, 'anna', 'policy-deferred-twice');
    expect(journal(ofB, 'anna').filter((line) => line.startsWith('b'))).toEqual([
      'b1 deferred: отложено до 03.03 12:00 (Europe/Moscow): лимит коммуникаций 1 сообщение в день по всем каналам',
      'b1 sent: отправлено: email в песочницу',
      'b2 deferred: отложено до 09.03 12:00 (Europe/Moscow): лимит коммуникаций 2 сообщения в неделю по всем каналам',
      'b2 deferred: отложено до 10.03 12:00 (Europe/Moscow): лимит коммуникаций 1 сообщение в день по всем каналам',
      'b2 sent: отправлено: email в песочницу',
    ]);
    expect(journal(ofA, 'anna').filter((line) => line.startsWith('a2'))).toEqual([
      'a2 deferred: отложено до 09.03 10:00 (Europe/Moscow): лимит коммуникаций 2 сообщения в неделю по всем каналам',
      'a2 sent: отправлено: email в песочницу',
    ]);
    expect(outcomes.map((o) => o.runOf('anna').status)).toEqual(['completed', 'completed']);
  });

  it('a deferred message is never sent when the customer buys meanwhile: the run stops on the purchase', async () => {
    await h.policy({ caps: [{ channel: 'all', period: 'day', max: 1 }], maxDelayDays: 7, controlGroup: { sharePct: 0 } });
    await h.customers([customer('boris', MSK)]);
    await h.orders([order('o1', 'boris', '2025-12-01T12:00:00+03:00')]);
    const a = once('A', '10:00', [send('a1')]);
    const b = once('B', '12:00', [send('b1')]);
    const outcomes = await h.runTogether([{ doc: a }, { doc: b }], {
      start: START,
      days: 3,
      events: [order('o2', 'boris', '2026-03-03T08:00:00+03:00')],
    });
    await record(outcomes[1], 'boris', 'policy-deferred-then-bought');
    expect(sends(outcomes, 'boris')).toEqual(['a1 @ 02.03.2026, 10:00']);
    expect(outcomes[1].runOf('boris').status).toBe('converted');
    expect(journal(outcomes[1], 'boris')).toContain('b1 deferred: отложено до 03.03 12:00 (Europe/Moscow): лимит коммуникаций 1 сообщение в день по всем каналам');
  });
});

describe('exemptions and limits', () => {
  it('a service message goes whatever the caps say and is not counted by them', async () => {
    await h.policy({ caps: [{ channel: 'all', period: 'day', max: 1 }], maxDelayDays: 3, controlGroup: { sharePct: 0 } });
    await h.customers([customer('vera', MSK)]);
    await h.orders([order('o1', 'vera', '2025-12-01T12:00:00+03:00')]);
    const bonus = once('Бонусы сгорают', '10:00', [send('points', { service: true })]);
    const offer = once('Предложение', '12:00', [send('offer'), send('more'), send('receipt', { service: true })]);
    const outcomes = await h.runTogether([{ doc: bonus }, { doc: offer }], { start: START, days: 3 });
    await record(outcomes[1], 'vera', 'policy-service-exempt');
    // points (service) at 10:00 takes no slot: the offer goes at 12:00; `more` waits for the next day; the service
    // receipt right after it goes although the day is full again.
    expect(sends(outcomes, 'vera')).toEqual(['points @ 02.03.2026, 10:00', 'offer @ 02.03.2026, 12:00', 'more @ 03.03.2026, 12:00', 'receipt @ 03.03.2026, 12:00']);
  });

  it('skips a message no moment within the longest deferral allows, says why, and the chain goes on', async () => {
    await h.policy({ caps: [{ channel: 'all', period: 'week', max: 1 }], maxDelayDays: 2, controlGroup: { sharePct: 0 } });
    await h.customers([customer('gleb', MSK)]);
    await h.orders([order('o1', 'gleb', '2025-12-01T12:00:00+03:00')]);
    const [outcome] = await h.runTogether([{ doc: once('A', '10:00', [send('a1'), send('a2'), send('a3', { service: true })]) }], { start: START, days: 2 });
    await record(outcome, 'gleb', 'policy-skipped-past-longest-deferral');
    expect(sends([outcome], 'gleb')).toEqual(['a1 @ 02.03.2026, 10:00', 'a3 @ 02.03.2026, 10:00']);
    expect(journal(outcome, 'gleb')).toContain('a2 skipped: пропущено: лимит коммуникаций 1 сообщение в неделю по всем каналам, отложить можно не больше чем на 2 дня');
    expect(outcome.runOf('gleb').status).toBe('completed');
    // The simulation's summary tells the policy's skips from the others by the step's data, not its words.
    const together = await togetherReport(h.db.sql, [{ scenarioId: outcome.plan.scenarioId, name: 'A', priority: 50, exclusivityGroup: null, main: true }]);
    expect(together.scenarios[0]).toMatchObject({ messages: 2, deferred: 0, skippedByPolicy: 1 });
    expect(together.collisions.examples.map((c) => c.customerId)).toEqual(['gleb']);
  });

  it('caps per channel count only that channel', async () => {
    await h.policy({ caps: [{ channel: 'sms', period: 'week', max: 1 }], maxDelayDays: 1, controlGroup: { sharePct: 0 } });
    await h.customers([customer('dina', { ...MSK, phone: '+79990000001', subscriptions: { email: true, sms: true } })]);
    await h.orders([order('o1', 'dina', '2025-12-01T12:00:00+03:00')]);
    const doc = once('A', '10:00', [send('s1', { channel: 'sms' }), send('e1'), send('s2', { channel: 'sms' })]);
    const [outcome] = await h.runTogether([{ doc }], { start: START, days: 2 });
    expect(sends([outcome], 'dina')).toEqual(['s1 @ 02.03.2026, 10:00', 'e1 @ 02.03.2026, 10:00']);
    expect(journal(outcome, 'dina').find((l) => l.startsWith('s2'))).toBe('s2 skipped: пропущено: лимит коммуникаций 1 SMS в неделю, отложить можно не больше чем на 1 день');
  });
});

describe('priorities and exclusivity groups', () => {
  it('a customer both scenarios of a group want enters only the stronger one, even when the weaker fires first; the others enter the weaker', async () => {
    await h.customers([customer('big', MSK), customer('small', MSK)]);
    await h.orders([order('o1', 'big', '2025-12-01T12:00:00+03:00', 5000), order('o2', 'small', '2025-12-01T12:00:00+03:00', 500)]);
    // VIP (priority 80) wants only big spenders and fires at 12:00; the general one (priority 20) wants everyone at 10:00.
    const general = chain('Все уснувшие', '10:00', [{ id: 'hello', type: 'send', config: { channel: 'email', text: 'Мы скучаем' } }, wait('w', 5)], {
      ...MSK,
      exclusivityGroup: 'возврат',
      priority: 20,
    });
    const vip = {
      ...chain('VIP', '12:00', [{ id: 'vipHello', type: 'send', config: { channel: 'email', text: 'Для вас' } }, wait('w', 5)], { ...MSK, exclusivityGroup: 'возврат', priority: 80 }),
    };
    vip.nodes = vip.nodes.map((n) => (n.id === 'audience' ? { ...n, config: { condition: { field: 'totalSpent', op: 'gte', value: 3000 } } } : n)) as typeof vip.nodes;
    const [ofGeneral, ofVip] = await h.runTogether([{ doc: general }, { doc: vip }], { start: START, days: 3 });
    expect(ofVip.runsOf('big')).toHaveLength(1);
    expect(ofGeneral.runsOf('big')).toHaveLength(0);
    expect(ofGeneral.runsOf('small')).toHaveLength(1);
    expect(sends([ofGeneral, ofVip], 'big')).toEqual(['vipHello @ 02.03.2026, 12:00']);
    // While the VIP run holds "big" (its 5-day wait), the general scenario's daily firings record why not.
    const skips = await h.db.sql<{ day: Date; reason: string; other: string }[]>`
      SELECT day, reason, other_scenario_id AS other FROM entry_skips WHERE scenario_id = ${ofGeneral.plan.scenarioId} AND customer_id = 'big' ORDER BY day`;
    expect(skips.map((k) => [k.reason, k.other])).toEqual([
      ['exclusive_priority', ofVip.plan.scenarioId],
      ['exclusive_running', ofVip.plan.scenarioId],
      ['exclusive_running', ofVip.plan.scenarioId],
    ]);
  });
});

describe('the global control group', () => {
  it('its customers never enter any scenario and get nothing; everyone else runs as usual', async () => {
    await h.policy({ caps: [], maxDelayDays: 3, controlGroup: { sharePct: 30 } });
    const policy = await loadPolicy(h.db.sql);
    const ids = Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    await h.customers(ids.map((id) => customer(id, MSK)));
    await h.orders(ids.map((id) => order(`o-${id}`, id, '2025-12-01T12:00:00+03:00')));
    const control = ids.filter((id) => inControlGroup(id, policy));
    expect(control.length).toBeGreaterThan(0);
    const outcomes = await h.runTogether([{ doc: once('A', '10:00', [send('a1')]) }, { doc: once('B', '12:00', [send('b1')]) }], { start: START, days: 2 });
    for (const id of ids) {
      const inControl = control.includes(id);
      expect(outcomes.map((o) => o.runsOf(id).length)).toEqual(inControl ? [0, 0] : [1, 1]);
      expect(sends(outcomes, id)).toHaveLength(inControl ? 0 : 2);
    }
  });
});
