import { describe, expect, it } from 'vitest';
import { chain, customer, order, useRuntimeHarness } from './harness';

// Monday 2 March 2026; the daily trigger fires at 10:00 Moscow time (07:00 UTC, 17:00 in Vladivostok).
const START = '2026-03-02T00:00:00+03:00';
const ONCE = { id: 'once', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 30 } } as const;
/** To the minute: what a customer would see on the message. */
const minute = (iso: string) => iso.slice(0, 16);

const h = useRuntimeHarness();

describe('waitUntil: "until the next Tuesday or Thursday 11:00" on the customer’s clock', () => {
  const doc = chain('Во вторник или четверг в 11', '10:00', [
    ONCE,
    { id: 'until', type: 'waitUntil', config: { mode: 'timeOfDay', time: '11:00', weekdays: ['tue', 'thu'] } },
    { id: 'hello', type: 'send', config: { channel: 'email', text: 'Доброе утро!' } },
  ]);

  it('wakes each customer at 11:00 of their own Tuesday: Vladivostok first, Moscow seven hours later', async () => {
    await h.customers([customer('vvo', { timezone: 'Asia/Vladivostok' }), customer('msk', { timezone: 'Europe/Moscow' }), customer('none')]);
    await h.orders(['vvo', 'msk', 'none'].map((id) => order(`o-${id}`, id, '2026-01-10T12:00:00+03:00')));
    const outcome = await h.run(doc, { start: START, days: 3, recordHistories: { vvo: 'wait-until-time-of-day' } });

    const vvo = outcome.runOf('vvo');
    expect(vvo.steps.find((s) => s.nodeId === 'until' && s.outcome === 'waiting')?.reason).toBe('ждём 11:00 (вт, чт), до 03.03 11:00 (Asia/Vladivostok)');
    expect(vvo.steps.find((s) => s.nodeId === 'until' && s.outcome === 'waited')?.reason).toBe('наступило 03.03 11:00 (Asia/Vladivostok)');
    expect(vvo.messages.map((m) => minute(m.at))).toEqual(['2026-03-03T01:00']);
    // The Moscow customer, and the one with no zone of their own (the scenario's, Moscow): Tuesday 11:00 Moscow.
    for (const id of ['msk', 'none']) {
      expect(outcome.runOf(id).messages.map((m) => minute(m.at))).toEqual(['2026-03-03T08:00']);
      expect(outcome.runOf(id).status).toBe('completed');
    }
  });

  it('shows support where the run waits and when it wakes', async () => {
    await h.customers([customer('vvo', { timezone: 'Asia/Vladivostok' })]);
    await h.orders([order('o-vvo', 'vvo', '2026-01-10T12:00:00+03:00')]);
    // The simulated day ends before Tuesday: the run is still waiting, as support would find it.
    await h.run(doc, { start: START, days: 0.5 });
    const [row] = await h.db.sql<{ status: string; current_node_id: string; next_wake_at: Date }[]>`SELECT status, current_node_id, next_wake_at FROM runs WHERE customer_id = 'vvo'`;
    expect(row).toEqual({ status: 'running', current_node_id: 'until', next_wake_at: new Date('2026-03-03T01:00:00Z') });
  });

  it('is a safe point: a purchase while waiting ends the run at once as converted, with nothing sent', async () => {
    await h.customers([customer('buyer', { timezone: 'Europe/Moscow' })]);
    await h.orders([order('o-old', 'buyer', '2026-01-10T12:00:00+03:00')]);
    // Entered Monday 10:00, waiting for Tuesday 11:00; buys on Tuesday at 09:30.
    const outcome = await h.run(doc, { start: START, days: 3, events: [order('o-new', 'buyer', '2026-03-03T09:30:00+03:00', 900)] });
    const run = outcome.runOf('buyer');
    expect(run.status).toBe('converted');
    expect(run.messages).toEqual([]);
    expect(minute(run.endedAt!)).toBe('2026-03-03T06:30');
    expect(run.steps.at(-1)).toMatchObject({ nodeId: 'until', outcome: 'converted' });
  });
});

describe('send at the customer’s usual buying hour', () => {
  const doc = chain(
    'В обычный час клиента',
    '10:00',
    [ONCE, { id: 'hello', type: 'send', config: { channel: 'email', text: 'Заходите!', atCustomerHour: true } }],
    { timezone: 'Europe/Moscow', quietHours: { start: '21:00', end: '09:00' } },
  );

  it('waits for the hour of most of their orders, falls back to the trigger’s hour with fewer than 3, and keeps quiet hours', async () => {
    await h.customers([
      customer('evening', { timezone: 'Asia/Vladivostok' }),
      customer('newcomer', { timezone: 'Asia/Vladivostok' }),
      customer('night', { timezone: 'Europe/Moscow' }),
    ]);
    await h.orders([
      // 19:xx in Vladivostok, twice as often as 12:xx.
      order('e1', 'evening', '2025-12-01T19:10:00+10:00'),
      order('e2', 'evening', '2025-12-08T19:40:00+10:00'),
      order('e3', 'evening', '2025-12-15T12:05:00+10:00'),
      order('e4', 'evening', '2025-12-22T19:55:00+10:00'),
      order('n1', 'newcomer', '2025-12-01T19:10:00+10:00'),
      order('n2', 'newcomer', '2025-12-08T19:40:00+10:00'),
      // 22:xx in Moscow, inside the quiet hours.
      order('q1', 'night', '2025-12-01T22:10:00+03:00'),
      order('q2', 'night', '2025-12-08T22:20:00+03:00'),
      order('q3', 'night', '2025-12-15T22:30:00+03:00'),
    ]);
    const outcome = await h.run(doc, { start: START, days: 3, recordHistories: { evening: 'send-at-customer-hour' } });

    // Entered at 17:00 Vladivostok time: the message goes at 19:00 there the same day.
    const evening = outcome.runOf('evening');
    expect(evening.steps.find((s) => s.outcome === 'held')?.reason).toBe('ждём обычного часа покупок клиента 19:00 (Asia/Vladivostok), до 02.03 19:00');
    expect(evening.messages.map((m) => minute(m.at))).toEqual(['2026-03-02T09:00']);

    // Two orders are too few: the scenario's hour, 10:00, on the customer's clock — the next morning in Vladivostok.
    const newcomer = outcome.runOf('newcomer');
    expect(newcomer.steps.find((s) => s.outcome === 'held')?.reason).toBe('ждём часа сценария 10:00 (Asia/Vladivostok): у клиента меньше 3 заказов, до 03.03 10:00');
    expect(newcomer.messages.map((m) => minute(m.at))).toEqual(['2026-03-03T00:00']);

    // 22:00 is inside 21:00–09:00: held past the quiet hours to 09:00 the next morning.
    const night = outcome.runOf('night');
    expect(night.steps.find((s) => s.outcome === 'held')?.reason).toBe('ждём обычного часа покупок клиента 22:00 (Europe/Moscow); с учётом тихих часов 21:00–09:00 — до 03.03 09:00');
    expect(night.messages.map((m) => minute(m.at))).toEqual(['2026-03-03T06:00']);
    expect(night.steps.filter((s) => s.outcome === 'held')).toHaveLength(1);
  });

  it('sends at once to a customer who is already within their usual hour', async () => {
    await h.customers([customer('morning', { timezone: 'Europe/Moscow' })]);
    await h.orders(['m1', 'm2', 'm3'].map((id, i) => order(id, 'morning', `2025-12-0${i + 1}T10:${10 + i}:00+03:00`)));
    const outcome = await h.run(doc, { start: START, days: 1 });
    const run = outcome.runOf('morning');
    expect(run.steps.some((s) => s.outcome === 'held')).toBe(false);
    expect(run.messages.map((m) => minute(m.at))).toEqual(['2026-03-02T07:00']);
  });
});
