import { describe, expect, it } from 'vitest';
import { scenarioExample } from '../../shared/scenario/examples';
import type { ScenarioDocumentInput } from '../../shared/scenario/schema';
import { after, customer, order, useRuntimeHarness } from './harness';

// Entries on events (issue 15), on the time-skipping server with real PostgreSQL: orders and custom events happen at
// their simulated moments, go through ingest and the entry outbox, and start the scenarios whose trigger they meet.

/** A Monday, in Moscow. */
const START = '2026-03-02T00:00:00+03:00';
const MSK = { timezone: 'Europe/Moscow' };
/** Journal text with its narrow no-break spaces («1 200 ₽») as plain ones. */
const words = (text: string | undefined) => text?.replace(/\s/g, ' ');
/** An instant to the minute (a message's send time carries the milliseconds the activity took). */
const minute = (at: string) => new Date(at).toISOString().slice(0, 16);

const h = useRuntimeHarness();

/** The issue's own example: 14 days after the first purchase, wait up to 7 days for another, else grant 100 points. */
const afterFirstPurchase: ScenarioDocumentInput = {
  format: 'scenario/v1',
  name: '14 дней после первой покупки',
  settings: MSK,
  nodes: [
    { id: 'first', type: 'orderTrigger', config: { firstOrder: true, reentry: { mode: 'once' } } },
    { id: 'pause', type: 'wait', config: { days: 14 } },
    { id: 'watch', type: 'waitForPurchase', config: { days: 7 } },
    { id: 'thanks', type: 'send', config: { channel: 'email', text: 'Спасибо, что вернулись!' } },
    { id: 'gift', type: 'grantBonus', config: { points: 100, expiresInDays: 14 } },
    { id: 'offer', type: 'send', config: { channel: 'email', text: 'Дарим {{ bonus.points }} баллов' } },
  ],
  edges: [
    { from: 'first', port: 'out', to: 'pause' },
    { from: 'pause', port: 'out', to: 'watch' },
    { from: 'watch', port: 'bought', to: 'thanks' },
    { from: 'watch', port: 'timeout', to: 'gift' },
    { from: 'gift', port: 'out', to: 'offer' },
  ],
};

describe('order trigger and wait for purchase', () => {
  it('enters on the first order only, leaves the wait the moment a purchase arrives, grants when none did', async () => {
    await h.customers(['A', 'B', 'C', 'D'].map((id) => customer(id)));
    // C bought in January: its March order is not a first one.
    await h.orders([order('c-jan', 'C', '2026-01-15T12:00:00+03:00')]);
    const outcome = await h.run(afterFirstPurchase, {
      start: START,
      days: 30,
      events: [
        order('a-1', 'A', '2026-03-02T12:00:00+03:00'),
        order('a-2', 'A', '2026-03-19T15:30:00+03:00'), // day 17: during the wait for a purchase
        order('b-1', 'B', '2026-03-02T13:00:00+03:00'),
        order('c-1', 'C', '2026-03-02T14:00:00+03:00'),
        order('d-1', 'D', '2026-03-03T10:00:00+03:00'),
        order('d-2', 'D', '2026-03-08T10:00:00+03:00'), // day 5: during the first 14 days, stops the run
      ],
      recordHistories: { A: 'order-trigger-bought', B: 'order-trigger-no-purchase' },
    });

    const a = outcome.runOf('A');
    expect(a.enteredAt).toBe(new Date('2026-03-02T12:00:00+03:00').toISOString());
    // The order the run entered on does not stop it, though the scenario stops on purchase.
    expect(a.steps.map((s) => `${s.nodeId}:${s.outcome}`)).toEqual(['first:out', 'pause:waiting', 'pause:waited', 'watch:waiting', 'watch:bought', 'thanks:sent']);
    expect(words(a.steps[0].reason)).toBe('первый заказ a-1 на 1 200 ₽ 02.03 12:00');
    expect(words(a.steps.find((s) => s.outcome === 'bought')!.reason)).toBe('купил: заказ a-2 на 1 200 ₽ 19.03 15:30');
    // At once: the thank-you goes at the purchase itself, not at the end of the 7 days.
    expect(after(a.enteredAt, a.messages[0].at)).toBe('17d 4h');
    expect(a.status).toBe('completed');
    expect(a.bonuses).toEqual([]);

    const b = outcome.runOf('B');
    expect(b.steps.map((s) => `${s.nodeId}:${s.outcome}`)).toEqual(['first:out', 'pause:waiting', 'pause:waited', 'watch:waiting', 'watch:timeout', 'gift:granted', 'offer:sent']);
    expect(b.steps.find((s) => s.outcome === 'timeout')!.reason).toBe('покупки за 7 дней не было');
    expect(after(b.enteredAt, b.bonuses[0].at)).toBe('21d 0h');
    expect(b.messages.map((m) => m.text)).toEqual(['Дарим 100 баллов']);

    expect(outcome.runsOf('C')).toEqual([]);

    const d = outcome.runOf('D');
    expect(d.status).toBe('converted');
    expect(d.messages).toEqual([]);
  });
});

describe('custom event trigger', () => {
  const cart: ScenarioDocumentInput = {
    format: 'scenario/v1',
    name: 'Брошенная корзина',
    settings: MSK,
    nodes: [
      { id: 'cart', type: 'eventTrigger', config: { eventType: 'cart_abandoned', reentry: { mode: 'cooldown', days: 7 } } },
      { id: 'hour', type: 'wait', config: { days: 0, hours: 1 } },
      { id: 'remind', type: 'send', config: { channel: 'email', text: '{{ event.data.cart }} ждёт вас, {{ customer.firstName }}' } },
    ],
    edges: [
      { from: 'cart', port: 'out', to: 'hour' },
      { from: 'hour', port: 'out', to: 'remind' },
    ],
  };
  const event = (id: string, customerId: string, at: string, data: Record<string, unknown> = { cart: 'Капучино ×2' }, type = 'cart_abandoned') => ({ id, customerId, type, at, data });

  it('enters once per event, as the re-entry rule allows, with the event data in the message', async () => {
    await h.customers([customer('E', { name: 'Ева Смирнова' }), customer('F')]);
    const outcome = await h.run(cart, {
      start: START,
      days: 14,
      customEvents: [
        event('e-1', 'E', '2026-03-02T12:00:00+03:00'),
        // The same event again (a retried request): a duplicate, starts nothing.
        event('e-1', 'E', '2026-03-02T12:05:00+03:00'),
        // Within the 7 days after E's entry: the rule keeps E out.
        event('e-2', 'E', '2026-03-05T12:00:00+03:00', { cart: 'Торт' }),
        // A week and more later: E enters again.
        event('e-3', 'E', '2026-03-10T09:00:00+03:00', { cart: 'Эклер' }),
        // Another type: nobody's trigger.
        event('f-1', 'F', '2026-03-02T12:00:00+03:00', {}, 'page_view'),
      ],
      recordHistories: { E: 'custom-event-second-entry' },
    });
    const runs = outcome.runsOf('E');
    expect(runs.map((r) => r.enteredAt)).toEqual([new Date('2026-03-02T12:00:00+03:00').toISOString(), new Date('2026-03-10T09:00:00+03:00').toISOString()]);
    expect(runs.flatMap((r) => r.messages.map((m) => m.text))).toEqual(['Капучино ×2 ждёт вас, Ева', 'Эклер ждёт вас, Ева']);
    expect(runs[1].steps[0].reason).toBe('событие «cart_abandoned» 10.03 09:00');
    expect(outcome.runsOf('F')).toEqual([]);
  });
});

describe('scheduled triggers about a date', () => {
  const one = (name: string, trigger: Record<string, unknown>, text: string): ScenarioDocumentInput => ({
    format: 'scenario/v1',
    name,
    settings: MSK,
    nodes: [
      { id: 'start', ...trigger } as ScenarioDocumentInput['nodes'][number],
      { id: 'note', type: 'send', config: { channel: 'email', text, service: true } },
    ],
    edges: [{ from: 'start', port: 'out', to: 'note' }],
  });
  const at = (iso: string) => new Date(iso).toISOString();

  it('birthday: N days before, once a year, 29 February kept on 28 February', async () => {
    await h.customers([customer('G', { birthDate: '1990-03-07' }), customer('H', { birthDate: '1992-02-29' }), customer('I')]);
    const outcome = await h.run(one('С днём рождения', { type: 'birthdayTrigger', config: { daysBefore: 3, at: '10:00' } }, 'Скоро праздник'), {
      start: '2026-02-23T00:00:00+03:00',
      days: 15,
      recordHistories: { G: 'birthday-trigger' },
    });
    expect(outcome.runsOf('G').map((r) => r.enteredAt)).toEqual([at('2026-03-04T10:00:00+03:00')]);
    expect(words(outcome.runOf('G').steps[0].reason)).toBe('день рождения 07.03 (через 3 дня)');
    expect(outcome.runsOf('H').map((r) => r.enteredAt)).toEqual([at('2026-02-25T10:00:00+03:00')]);
    expect(outcome.runsOf('I')).toEqual([]);
  });

  it('points expiring: days before at a time, hours before every hour, only what is left of the grant counts', async () => {
    await h.customers(['J', 'K', 'L'].map((id) => customer(id)));
    const [grant] = await h.db.sql<{ id: number }[]>`
      INSERT INTO bonus_ledger (customer_id, kind, points, at, expires_at) VALUES ('J', 'grant', 500, '2026-02-01T12:00:00+03:00', '2026-03-06T23:59:00+03:00') RETURNING id`;
    await h.db.sql`INSERT INTO bonus_ledger (customer_id, kind, points, at, grant_id) VALUES ('J', 'redeem', -200, '2026-02-10T12:00:00+03:00', ${grant.id})`;
    await h.db.sql`
      INSERT INTO bonus_ledger (customer_id, kind, points, at, expires_at) VALUES
        ('K', 'grant', 50, '2026-02-01T12:00:00+03:00', '2026-03-06T20:00:00+03:00'),
        ('L', 'grant', 300, '2026-02-01T12:00:00+03:00', '2026-03-06T15:30:00+03:00')`;
    const days = await h.run(
      one('Баллы сгорят', { type: 'bonusExpiryTrigger', config: { unit: 'days', before: 3, at: '11:00', minPoints: 100 } }, '{{ event.data.points }} баллов сгорят {{ event.data.expiresAt | date: "%d.%m" }}'),
      { start: START, days: 7, recordHistories: { J: 'points-expiring-trigger' } },
    );
    expect(days.runsOf('J').map((r) => r.enteredAt)).toEqual([at('2026-03-03T11:00:00+03:00')]);
    expect(days.runOf('J').messages.map((m) => m.text)).toEqual(['300 баллов сгорят 06.03']);
    // K has too few points; L's expire that day too (300 left): both counted per customer.
    expect(days.runsOf('K')).toEqual([]);
    expect(days.runsOf('L').map((r) => r.enteredAt)).toEqual([at('2026-03-03T11:00:00+03:00')]);

    await h.db.sql`TRUNCATE runs, run_steps, messages CASCADE`;
    const hours = await h.run(one('Баллы сгорят через 72 часа', { type: 'bonusExpiryTrigger', config: { unit: 'hours', before: 72 } }, 'Через 72 часа сгорят {{ event.data.points }}'), {
      start: START,
      days: 7,
    });
    // The hour 15:00–16:00 on 06.03 is 72 hours after the 15:00 check on 03.03.
    expect(hours.runsOf('L').map((r) => r.enteredAt)).toEqual([at('2026-03-03T15:00:00+03:00')]);
    expect(hours.runsOf('K').map((r) => r.enteredAt)).toEqual([at('2026-03-03T20:00:00+03:00')]);
    expect(hours.runsOf('J').map((r) => r.enteredAt)).toEqual([at('2026-03-03T23:00:00+03:00')]);
  });

  it('entered a segment: the first check notes who is in, later checks enter who came in', async () => {
    await h.customers(['M', 'N'].map((id) => customer(id)));
    await h.orders([order('m-1', 'M', '2026-02-10T12:00:00+03:00'), order('n-1', 'N', '2026-01-01T12:00:00+03:00')]);
    const [segment] = await h.db.sql<{ id: string }[]>`
      INSERT INTO segments (name, condition) VALUES (${`Спящие ${Date.now()}`}, ${h.db.sql.json({ field: 'daysSinceLastOrder', op: 'gte', value: 30 })}) RETURNING id`;
    const outcome = await h.run(one('Стал спящим', { type: 'segmentTrigger', config: { segmentId: segment.id, at: '10:00' } }, 'Мы скучаем'), { start: START, days: 20, recordHistories: { M: 'segment-trigger' } });
    // N was asleep at the first check (02.03): remembered, never entered. M's 30 full days since 10.02 12:00 are
    // complete at the 13.03 10:00 check.
    expect(outcome.runsOf('N')).toEqual([]);
    expect(outcome.runsOf('M').map((r) => r.enteredAt)).toEqual([at('2026-03-13T10:00:00+03:00')]);
    expect(words(outcome.runOf('M').steps[0].reason)).toMatch(/^попал в сегмент «Спящие \d+» 13\.03$/);
  });
});

describe('wait until a date', () => {
  it('until the birthday on the customer’s clock, the day after the event, and at once when there is no date', async () => {
    await h.customers([customer('P', { birthDate: '1991-03-07', timezone: 'Asia/Vladivostok' }), customer('Q', { birthDate: '1991-03-07' }), customer('R')]);
    const birthday = await h.run(
      {
        format: 'scenario/v1',
        name: 'Поздравить в день рождения',
        settings: MSK,
        nodes: [
          { id: 'start', type: 'birthdayTrigger', config: { daysBefore: 3, at: '10:00' } },
          { id: 'day', type: 'waitUntil', config: { mode: 'date', from: 'birthday', offsetDays: 0, time: '09:00' } },
          { id: 'greet', type: 'send', config: { channel: 'email', text: 'С днём рождения!' } },
        ],
        edges: [
          { from: 'start', port: 'out', to: 'day' },
          { from: 'day', port: 'out', to: 'greet' },
        ],
      },
      { start: START, days: 7, recordHistories: { P: 'wait-until-birthday' } },
    );
    // 09:00 on 07.03 by each customer's own clock: Vladivostok seven hours before Moscow.
    expect(birthday.runOf('P').messages.map((m) => minute(m.at))).toEqual([minute('2026-03-07T09:00:00+10:00')]);
    expect(birthday.runOf('Q').messages.map((m) => minute(m.at))).toEqual([minute('2026-03-07T09:00:00+03:00')]);
    expect(birthday.runOf('P').steps.find((s) => s.outcome === 'waiting')?.reason).toBe('ждём: день рождения 09:00, до 07.03 09:00 (Asia/Vladivostok)');

    await h.db.sql`TRUNCATE runs, run_steps, messages CASCADE`;
    const nextDay = await h.run(
      {
        format: 'scenario/v1',
        name: 'Назавтра после события',
        settings: MSK,
        nodes: [
          { id: 'start', type: 'eventTrigger', config: { eventType: 'visit', reentry: { mode: 'always' } } },
          { id: 'tomorrow', type: 'waitUntil', config: { mode: 'date', from: 'event', offsetDays: 1, time: '10:00' } },
          { id: 'ask', type: 'send', config: { channel: 'email', text: 'Как вам у нас?' } },
        ],
        edges: [
          { from: 'start', port: 'out', to: 'tomorrow' },
          { from: 'tomorrow', port: 'out', to: 'ask' },
        ],
      },
      { start: START, days: 3, customEvents: [{ id: 'v-1', customerId: 'R', type: 'visit', at: '2026-03-02T19:40:00+03:00' }] },
    );
    expect(nextDay.runOf('R').messages.map((m) => minute(m.at))).toEqual([minute('2026-03-03T10:00:00+03:00')]);

    await h.db.sql`TRUNCATE runs, run_steps, messages CASCADE`;
    // A daily run has no event, and R has no birth date: nothing to wait for, said in the journal.
    const none = await h.run(
      {
        format: 'scenario/v1',
        name: 'Без даты',
        settings: MSK,
        nodes: [
          { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
          { id: 'bday', type: 'waitUntil', config: { mode: 'date', from: 'birthday', offsetDays: 0, time: '09:00' } },
          { id: 'ev', type: 'waitUntil', config: { mode: 'date', from: 'event', offsetDays: 0, time: '09:00' } },
          { id: 'hi', type: 'send', config: { channel: 'email', text: 'Привет' } },
        ],
        edges: [
          { from: 'start', port: 'out', to: 'bday' },
          { from: 'bday', port: 'out', to: 'ev' },
          { from: 'ev', port: 'out', to: 'hi' },
        ],
      },
      { start: START, days: 1 },
    );
    const r = none.runOf('R');
    expect(r.steps.filter((s) => s.nodeId !== 'start' && s.nodeId !== 'hi').map((s) => s.reason)).toEqual([
      'у клиента не указана дата рождения: ждать нечего',
      'клиент вошёл не по событию: ждать нечего',
    ]);
    expect(r.messages.map((m) => minute(m.at))).toEqual([minute('2026-03-02T10:00:00+03:00')]);
  });
});

describe('the gallery’s event templates', () => {
  const doc = (key: string) => {
    const found = scenarioExample(key);
    if (!found) throw new Error(`no template ${key}`);
    return found.document;
  };
  const sms = (id: string, fields: Record<string, unknown> = {}) =>
    customer(id, { phone: `+7912000${String(id.charCodeAt(0)).padStart(4, '0')}`, subscriptions: { sms: true, email: false, telegram: false, push: false }, ...fields });

  it('run end to end as published: first purchase, points expiring, birthday', async () => {
    await h.customers([sms('S', { name: 'Света Орлова' }), sms('T', { birthDate: '1988-03-09', name: 'Тимур' })]);
    const first = await h.run(doc('after-first-purchase'), { start: START, days: 30, events: [order('s-1', 'S', '2026-03-02T12:00:00+03:00')] });
    const s = first.runOf('S');
    expect(s.steps.map((x) => `${x.nodeId}:${x.outcome}`)).toEqual(['start:out', 'w14:waiting', 'w14:waited', 'second:waiting', 'second:timeout', 'gift:granted', 'offer:sent']);
    expect(s.messages.map((m) => m.text)).toEqual([expect.stringMatching(/^Дарим 100 баллов на вторую покупку до \d\d\.\d\d\. Ждём вас!$/)]);

    // The first purchase (placed at 12:00 of the same simulated day) would stop the next run: a clean slate.
    await h.db.sql`TRUNCATE runs, run_steps, messages, bonus_ledger, orders CASCADE`;
    await h.db.sql`INSERT INTO bonus_ledger (customer_id, kind, points, at, expires_at) VALUES ('S', 'grant', 500, '2026-02-01T12:00:00+03:00', '2026-03-05T23:59:00+03:00')`;
    const expiring = await h.run(doc('points-expiring'), { start: START, days: 5 });
    expect(expiring.runOf('S').messages.map((m) => m.text)).toEqual(['Света, ваши 500 баллов сгорят 05.03. Успейте потратить!', 'Сегодня последний день: 500 баллов сгорят в полночь.']);

    await h.db.sql`TRUNCATE runs, run_steps, messages, bonus_ledger CASCADE`;
    const birthday = await h.run(doc('birthday'), { start: START, days: 10 });
    const t = birthday.runOf('T');
    expect(t.messages.map((m) => [minute(m.at), m.text])).toEqual([
      [minute('2026-03-06T10:00:00+03:00'), expect.stringMatching(/^Тимур, скоро ваш день рождения! Дарим 300 баллов до 13\.03\.$/)],
      [minute('2026-03-09T10:00:00+03:00'), 'С днём рождения, Тимур! Ждём вас за подарком.'],
    ]);
    expect(birthday.runsOf('S')).toEqual([]);
  });
});
