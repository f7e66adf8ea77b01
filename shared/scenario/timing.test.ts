import { describe, expect, it } from 'vitest';
import type { CustomerFacts } from '../conditions/fields';
import { compileScenario } from './compile';
import { mindboxReactivation } from './examples/mindboxReactivation';
import { checkMove } from './moves';
import type { Plan } from './plan';
import { projectRun } from './project';
import { NODE_SPECS, ScenarioDocumentSchema, type ScenarioDocumentInput } from './schema';
import { validateScenario } from './validate';

/** Seed 003 with its 12-day wait replaced by "until the next Tuesday or Thursday 11:00" and the offer sent at the customer's hour. */
function timed(config: Record<string, unknown> = { mode: 'timeOfDay', time: '11:00', weekdays: ['tue', 'thu'] }): ScenarioDocumentInput {
  const doc = structuredClone(mindboxReactivation);
  doc.nodes = doc.nodes.map((n) => {
    if (n.id === 'w12') return { id: 'until', type: 'waitUntil', config } as never;
    if (n.id === 'offer') return { ...n, config: { ...n.config, atCustomerHour: true } } as typeof n;
    return n;
  });
  doc.edges = doc.edges.map((e) => ({ ...e, from: e.from === 'w12' ? 'until' : e.from, to: e.to === 'w12' ? 'until' : e.to }));
  return doc;
}
const ID = '7f1c9a52-0000-4000-8000-000000000015';
const plan = (doc: ScenarioDocumentInput, version: number): Plan => compileScenario(ScenarioDocumentSchema.parse(structuredClone(doc)), { scenarioId: ID, version });
const problemsOf = (doc: ScenarioDocumentInput) => validateScenario(doc).problems.filter((p) => p.nodeId === 'until');

describe('waitUntil: the node and its validation in words', () => {
  it('is valid with weekdays, with none (every day) and with an empty list, and says what it does', () => {
    expect(problemsOf(timed())).toEqual([]);
    expect(problemsOf(timed({ mode: 'timeOfDay', time: '11:00' }))).toEqual([]);
    expect(problemsOf(timed({ mode: 'timeOfDay', time: '11:00', weekdays: [] }))).toEqual([]);
    expect(NODE_SPECS.waitUntil.summary({ mode: 'timeOfDay', time: '11:00', weekdays: ['thu', 'tue'] }, 'ru')).toBe('До 11:00, вт, чт');
    expect(NODE_SPECS.waitUntil.summary({ mode: 'timeOfDay', time: '11:00' }, 'ru')).toBe('До 11:00 любого дня');
    expect(NODE_SPECS.waitUntil.summary({ mode: 'timeOfDay', time: '11:00' }, 'en')).toBe('Until 11:00, any day');
  });

  it('says what is wrong with a bad time, a bad day, a twice-chosen day and an unknown mode', () => {
    const words = (config: Record<string, unknown>) => problemsOf(timed(config)).map((p) => p.message.ru);
    expect(words({ mode: 'timeOfDay', time: '25:00' })[0]).toBe('Узел «Ждать до времени»: время: время в формате ЧЧ:ММ, например 11:00');
    expect(words({ mode: 'timeOfDay', time: '11:00', weekdays: ['вт'] })[0]).toContain('дни недели: допустимо одно из: mon, tue');
    expect(words({ mode: 'timeOfDay', time: '11:00', weekdays: ['tue', 'thu', 'tue'] })).toEqual(['Узел «До 11:00, вт, чт»: день недели выбран дважды: вт']);
    expect(words({ mode: 'someday', time: '11:00' })[0]).toBe('Узел «Ждать до времени»: режим ожидания: допустимо одно из: timeOfDay, date');
    expect(words({ time: '11:00' })[0]).toBe('Узел «Ждать до времени»: не заполнено: режим ожидания (timeOfDay, date)');
  });

  it('warns when the time falls in quiet hours, saying when a message after it goes', () => {
    const [warning] = problemsOf(timed({ mode: 'timeOfDay', time: '22:00' }));
    expect(warning).toMatchObject({ severity: 'warning', code: 'waitUntil.quietHours' });
    expect(warning.message.ru).toBe('Узел «До 22:00 любого дня»: 22:00 попадает в тихие часы 21:00–09:00: сообщение сразу после этого шага уйдёт только в 09:00');
  });

  it('takes the send option «в обычный час клиента» and refuses anything but yes/no', () => {
    const doc = timed();
    expect(validateScenario(doc).problems.filter((p) => p.severity === 'error')).toEqual([]);
    const bad = structuredClone(doc);
    (bad.nodes.find((n) => n.id === 'offer')!.config as Record<string, unknown>).atCustomerHour = 'да';
    expect(validateScenario(bad).problems.map((p) => p.message.ru)).toContain('Узел «Отправить сообщение»: отправка в обычный час клиента должна быть да/нет');
  });
});

describe('moves at a waitUntil', () => {
  const v1 = plan(mindboxReactivation, 1);
  const v2 = plan(timed(), 2);

  it('lets runs move between a wait and a waitUntil either way, and suggests the same node', () => {
    expect(checkMove(v1, 'w12', v2, 'until')).toEqual({ nodeId: 'until', allowed: true });
    expect(checkMove(v2, 'until', v1, 'w12')).toEqual({ nodeId: 'w12', allowed: true });
    expect(checkMove(v2, 'until', v2, 'until').allowed).toBe(true);
  });

  it('refuses, in words, a move from a waitUntil before the bonus to the reminder about it', () => {
    const early = structuredClone(timed());
    // A waitUntil before the gift: its runs were granted nothing yet.
    early.nodes = early.nodes.map((n) => (n.id === 'w7' ? ({ id: 'w7', type: 'waitUntil', config: { mode: 'timeOfDay', time: '10:00' } } as never) : n));
    const refused = checkMove(plan(early, 3), 'w7', v2, 'remind');
    expect(refused.allowed).toBe(false);
    expect(refused.why?.ru).toBe('Шаг «Email: Ваши {{ bonus.points }} баллов сгорят…» говорит о бонусе, а клиенты на шаге «До 10:00 любого дня» бонус в этом запуске не получали.');
  });
});

const facts: CustomerFacts = {
  daysSinceLastOrder: 200,
  orderCount: 4,
  totalSpent: 12000,
  avgCheck: 3000,
  daysSinceRegistration: 400,
  avgDaysBetweenOrders: 30,
  overdueRatio: 6.7,
  cardType: 'regular',
  city: null,
  bonusBalance: 0,
  favoriteCategory: null,
  subscribed: { sms: false, email: true, telegram: false, push: false },
};

describe('projectRun through a waitUntil and a message at the customer’s hour', () => {
  const v2 = plan(timed(), 2);
  const monday = new Date('2026-03-09T09:00:00Z'); // Monday 12:00 Moscow, 19:00 Vladivostok
  const until = new Date(monday.getTime() + 30 * 86_400_000);
  const base = { customerId: 'c1', bonus: { points: 300, expiresAt: new Date('2026-04-30T00:00:00Z') }, facts, waitStartedAt: null };

  it('wakes at Tuesday 11:00 on each customer’s own clock', () => {
    const moscow = projectRun({ ...base, plan: v2, nodeId: 'until', timeZone: null }, monday, until);
    expect(moscow.effects.map((e) => [e.nodeId, e.at.toISOString()])).toEqual([['remind', '2026-03-10T08:00:00.000Z']]);
    const vladivostok = projectRun({ ...base, plan: v2, nodeId: 'until', timeZone: 'Asia/Vladivostok' }, monday, until);
    expect(vladivostok.effects.map((e) => [e.nodeId, e.at.toISOString()])).toEqual([['remind', '2026-03-10T01:00:00.000Z']]);
  });

  it('sends at the customer’s usual hour when known, else at the trigger’s hour on their clock', () => {
    const at = (usualHour: number | null) => projectRun({ ...base, plan: v2, nodeId: 'offer', timeZone: 'Asia/Vladivostok', usualHour }, monday, until).effects[0].at.toISOString();
    expect(at(20)).toBe('2026-03-09T10:00:00.000Z'); // 20:00 Vladivostok the same evening
    expect(at(null)).toBe('2026-03-10T00:00:00.000Z'); // 10:00 Vladivostok the next morning (the trigger is at 10:00)
    expect(at(23)).toBe('2026-03-09T23:00:00.000Z'); // 23:00 is quiet (21–09): 09:00 the next morning
  });
});
