import { describe, expect, it } from 'vitest';
import { assignVariant } from '../../shared/ab/assign';
import { giftVsDiscount } from '../../shared/scenario/examples/giftVsDiscount';
import { mindboxReactivation } from '../../shared/scenario/examples/mindboxReactivation';
import type { ScenarioDocumentInput } from '../../shared/scenario/schema';
import { after, chain, customer, order, useRuntimeHarness } from './harness';

const START = '2026-03-02T00:00:00+03:00';

const h = useRuntimeHarness();

describe('A/B split with a holdout', () => {
  it('gives each customer the variant assignVariant picks, stores it on the run, and gives the holdout nothing', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `ab${String(i).padStart(2, '0')}`);
    await h.customers(ids.map((id) => customer(id)));
    await h.orders(ids.map((id) => order(`o-${id}`, id, '2025-10-01T12:00:00+03:00', 12_000)));
    // Its own scenario id, not the next of the harness's counter: the variants are a hash of it, and this one puts
    // these 30 customers into all three groups whichever tests ran before.
    const outcome = await h.run(giftVsDiscount, { start: START, days: 3, scenarioId: 'ab000000-0000-4000-8000-000000000001' });

    const split = giftVsDiscount.nodes.find((n) => n.id === 'split')!.config as Parameters<typeof assignVariant>[1];
    const expected = Object.fromEntries(ids.map((id) => [id, assignVariant({ scenarioId: outcome.plan.scenarioId, nodeId: 'split', customerId: id }, split)]));
    expect(new Set(Object.values(expected))).toEqual(new Set(['gift', 'discount', 'holdout']));

    for (const id of ids) {
      const run = outcome.runOf(id);
      expect(run.variant).toBe(expected[id]);
      const got = run.messages.map((m) => m.nodeId);
      if (expected[id] === 'holdout') {
        expect(got).toEqual([]);
        expect(run.bonuses).toEqual([]);
        expect(run.status).toBe('completed');
      } else if (expected[id] === 'gift') {
        expect(got).toEqual(['giftMail', 'giftRemind']);
        expect(run.bonuses.map((b) => b.points)).toEqual([500]);
      } else {
        expect(got).toEqual(['discountMail']);
        expect(run.bonuses).toEqual([]);
      }
    }
  });
});

describe('quiet hours', () => {
  it('holds a message until 09:00 in the customer’s own time zone, and the next wait counts from the actual send', async () => {
    const doc = chain(
      'Вечерняя рассылка',
      '20:00',
      [
        { id: 'once', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 30 } },
        { id: 'first', type: 'send', config: { channel: 'email', text: 'Первое' } },
        { id: 'day', type: 'wait', config: { days: 1 } },
        { id: 'second', type: 'send', config: { channel: 'email', text: 'Второе' } },
      ],
      { timezone: 'Europe/Moscow', quietHours: { start: '21:00', end: '09:00' } },
    );
    await h.customers([
      customer('msk', { timezone: 'Europe/Moscow' }),
      customer('vvo', { timezone: 'Asia/Vladivostok' }),
      customer('kgd', { timezone: 'Europe/Kaliningrad' }),
      // No zone of their own: the scenario's (Moscow) applies.
      customer('none'),
    ]);
    await h.orders(['msk', 'vvo', 'kgd', 'none'].map((id) => order(`o-${id}`, id, '2026-01-10T12:00:00+03:00')));
    const outcome = await h.run(doc, { start: START, days: 3, recordHistories: { vvo: 'quiet-hours-vladivostok' } });
    const entry = '2026-03-02T17:00:00.000Z'; // 20:00 in Moscow = 03:00 next day in Vladivostok

    // 20:00 in Moscow and 19:00 in Kaliningrad are outside 21:00–09:00.
    for (const id of ['msk', 'kgd', 'none']) {
      expect(outcome.runOf(id).messages.map((m) => after(entry, m.at))).toEqual(['0d 0h', '1d 0h']);
    }
    const vvo = outcome.runOf('vvo');
    // Held until 09:00 Vladivostok (23:00 UTC), six hours after the trigger.
    expect(vvo.steps.find((s) => s.outcome === 'held')?.reason).toBe('отложено до 09:00 (Asia/Vladivostok): тихие часы 21:00–09:00');
    expect(vvo.messages.map((m) => [m.nodeId, after(entry, m.at)])).toEqual([
      ['first', '0d 6h'],
      ['second', '1d 6h'],
    ]);
    expect(vvo.status).toBe('completed');
  });
});

describe('frequency limits', () => {
  it('lets a customer into a scenario at most once per period (entries, pushed down into the audience query)', async () => {
    const doc = chain('Раз в неделю', '10:00', [
      { id: 'weekly', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 7 } },
      { id: 'hi', type: 'send', config: { channel: 'email', text: 'Привет' } },
    ]);
    await h.customers([customer('kate')]);
    await h.orders([order('k1', 'kate', '2026-01-10T12:00:00+03:00')]);
    const outcome = await h.run(doc, { start: START, days: 15 });
    // Days 0, 7 and 14: each entry is 7 × 24 h after the previous one.
    expect(outcome.runsOf('kate').map((r) => after('2026-03-02T07:00:00.000Z', r.enteredAt))).toEqual(['0d 0h', '7d 0h', '14d 0h']);
    const [{ n }] = await h.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM messages WHERE customer_id = 'kate'`;
    expect(n).toBe(3);
  });

  it('counts messages of every scenario; a limit mid-chain with nothing on `limited` ends the run as limited', async () => {
    await h.customers([customer('lena'), customer('mark')]);
    await h.orders([order('l1', 'lena', '2026-01-10T12:00:00+03:00'), order('m1', 'mark', '2026-01-10T12:00:00+03:00')]);
    // Another scenario writes to Lena only, on the first morning.
    const news = chain('Новости', '09:00', [
      { id: 'onlyLena', type: 'filter', config: { condition: { field: 'city', op: 'eq', value: 'Тверь' } } },
      { id: 'news', type: 'send', config: { channel: 'email', text: 'Новости' } },
    ]);
    news.edges.find((e) => e.from === 'onlyLena')!.port = 'yes';
    await h.db.sql`UPDATE customers SET city = 'Тверь' WHERE id = 'lena'`;
    await h.run(news, { start: START, days: 1 });

    const doc = chain('Не чаще раза в 3 дня', '10:00', [
      { id: 'pause', type: 'wait', config: { days: 1 } },
      { id: 'calm', type: 'frequencyLimit', config: { count: 'messages', scope: 'all', max: 1, periodDays: 3 } },
      { id: 'offer', type: 'send', config: { channel: 'email', text: 'Предложение' } },
    ]);
    const outcome = await h.run(doc, { start: START, days: 2 });
    const lena = outcome.runsOf('lena')[0];
    expect(lena.status).toBe('limited');
    expect(lena.messages).toEqual([]);
    expect(lena.steps.find((s) => s.nodeId === 'calm')?.reason).toBe('ограничение: 1 сообщение за 3 дня во всех сценариях (было 1)');
    const mark = outcome.runsOf('mark')[0];
    expect(mark.messages.map((m) => m.text)).toEqual(['Предложение']);
    expect(mark.status).toBe('completed');
  });
});

describe('channel fallback', () => {
  it('uses the first channel the customer can receive, and skips with the reason when there is none', async () => {
    const doc = chain('SMS или email', '10:00', [
      { id: 'ping', type: 'send', config: { channel: 'sms', fallbackChannels: ['email'], text: 'Ждём вас!' } },
      { id: 'bye', type: 'exit', config: {} },
    ]);
    await h.customers([
      customer('sms', { phone: '+79161110000', subscriptions: { sms: true, email: true } }),
      customer('mail', { phone: '+79161110001', subscriptions: { sms: false, email: true } }),
      customer('nobody', { email: null, subscriptions: { sms: false, email: true } }),
    ]);
    await h.orders(['sms', 'mail', 'nobody'].map((id) => order(`o-${id}`, id, '2026-01-10T12:00:00+03:00')));
    const outcome = await h.run(doc, { start: START, days: 1 });
    expect(outcome.runOf('sms').messages.map((m) => m.channel)).toEqual(['sms']);
    expect(outcome.runOf('mail').messages.map((m) => m.channel)).toEqual(['email']);
    expect(outcome.runOf('mail').steps.find((s) => s.nodeId === 'ping')?.reason).toBe('отправлено: email в песочницу (вместо SMS: нет согласия на SMS)');
    const nobody = outcome.runOf('nobody');
    expect(nobody.messages).toEqual([]);
    expect(nobody.steps.find((s) => s.nodeId === 'ping')).toMatchObject({ outcome: 'skipped', reason: 'пропущено: нет согласия на SMS, нет email' });
    expect(nobody.status).toBe('completed');
  });
});

describe('bonus reminder', () => {
  it('is not sent when the customer already spent the gifted points', async () => {
    // Without stopOnPurchase the run goes on after a purchase, so the reminder has to look at the bonus itself.
    const doc = { ...mindboxReactivation, settings: { ...mindboxReactivation.settings!, stopOnPurchase: false } };
    await h.customers([customer('zoya'), customer('yuri')]);
    await h.orders([order('z1', 'zoya', '2025-08-01T12:00:00+03:00'), order('y1', 'yuri', '2025-08-01T12:00:00+03:00')]);
    const outcome = await h.run(doc, {
      start: START,
      days: 25,
      // Zoya pays part of an order with the 300 gifted points on day 10.
      events: [order('z2', 'zoya', '2026-03-12T15:00:00+03:00', 900, { bonusSpent: 300 })],
      recordHistories: { zoya: 'reminder-bonus-spent' },
    });
    const zoya = outcome.runOf('zoya');
    expect(zoya.messages.map((m) => m.nodeId)).toEqual(['hello', 'offer']);
    expect(zoya.steps.find((s) => s.nodeId === 'remind')).toMatchObject({ outcome: 'skipped', reason: 'напоминание не отправлено: бонус потрачен' });
    expect(outcome.runOf('yuri').messages.map((m) => m.nodeId)).toEqual(['hello', 'offer', 'remind']);
  });
});
