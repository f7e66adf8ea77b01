import { describe, expect, it } from 'vitest';
import { escalationLadder } from '../../shared/scenario/examples/escalationLadder';
import { oneTimeBuyer } from '../../shared/scenario/examples/oneTimeBuyer';
import { preChurn } from '../../shared/scenario/examples/preChurn';
import { after, customer, order, useRuntimeHarness } from './harness';

// Monday 2 March 2026, midnight in Moscow.
const START = '2026-03-02T00:00:00+03:00';

const h = useRuntimeHarness();

describe('seed 004: BonusPlus one-time buyers', () => {
  it('66 days after the only purchase: 100 points for 7 days by SMS, then 180 points, then a task to call', async () => {
    await h.customers([
      customer('olga', { name: 'Ольга Смирнова', phone: '+79161234567', subscriptions: { sms: true } }),
      // Two purchases: not a one-time buyer.
      customer('petr', { phone: '+79161234568', subscriptions: { sms: true } }),
    ]);
    await h.orders([
      // 66 days before 7 March 11:00 Moscow: she enters on day 5.
      order('o1', 'olga', '2025-12-31T11:00:00+03:00'),
      order('p1', 'petr', '2025-11-01T11:00:00+03:00'),
      order('p2', 'petr', '2025-12-01T11:00:00+03:00'),
    ]);
    const outcome = await h.run(oneTimeBuyer, { start: START, days: 40, recordHistories: { olga: 'bonusplus-olga-call' } });

    expect(outcome.runs.map((r) => r.customerId)).toEqual(['olga']);
    const olga = outcome.runOf('olga');
    const entry = '2026-03-07T08:00:00.000Z'; // 11:00 Moscow, day 66 after the purchase
    expect(olga.enteredAt).toBe(entry);
    expect(olga.messages.map((m) => [after(entry, m.at), m.channel, m.text])).toEqual([
      ['0d 0h', 'sms', 'Дарим вам 100 рублей на покупку до 14.03 Ждем вас за покупкой!'],
      ['7d 0h', 'sms', 'Дарим 180 рублей на покупку в нашем магазине до 28.03.'],
    ]);
    expect(olga.bonuses.map((b) => [after(entry, b.at), b.points, after(b.at, b.expiresAt)])).toEqual([
      ['0d 0h', 100, '7d 0h'],
      ['7d 0h', 180, '14d 0h'],
    ]);
    expect(olga.tasks.map((t) => [after(entry, t.at), t.text])).toEqual([
      ['21d 0h', 'Позвонить клиенту Ольга Смирнова (olga): дважды дарили баллы, покупок нет. Узнать, почему перестал покупать.'],
    ]);
    expect(olga.status).toBe('completed');
    const [task] = await h.db.sql<{ role: string; status: string }[]>`SELECT role, status FROM staff_tasks WHERE customer_id = 'olga'`;
    expect(task).toEqual({ role: 'support', status: 'open' });
  });
});

describe('seed 000: the 100 → 200 → 500 escalation ladder', () => {
  it('gifts on days 20, 45 and 60 for 72 hours each, falls back to push, and stops when the customer buys', async () => {
    await h.customers([
      customer('ivan', { name: 'Иван Орлов', telegramChatId: '100200300', subscriptions: { telegram: true, email: false } }),
      customer('maria', { name: 'Мария', telegramChatId: '100200301', subscriptions: { telegram: true } }),
      // No Telegram: gets the same offers by push.
      customer('nina', { name: 'Нина', pushToken: 'push-token-nina', subscriptions: { push: true } }),
    ]);
    await h.orders([
      order('i1', 'ivan', '2025-11-01T12:00:00+03:00'),
      order('m1', 'maria', '2025-11-01T12:00:00+03:00'),
      order('n1', 'nina', '2025-11-01T12:00:00+03:00'),
    ]);
    const outcome = await h.run(escalationLadder, {
      start: START,
      days: 65,
      // Maria comes back 10 days after her first gift, in the middle of the 25-day wait.
      events: [order('m2', 'maria', '2026-04-01T18:30:00+03:00', 2500)],
      recordHistories: { ivan: 'ladder-ivan-three-gifts', maria: 'ladder-maria-converted' },
    });
    const entry = '2026-03-02T09:00:00.000Z'; // 12:00 Moscow

    const ivan = outcome.runOf('ivan');
    expect(ivan.enteredAt).toBe(entry);
    expect(ivan.bonuses.map((b) => [after(entry, b.at), b.points, after(b.at, b.expiresAt)])).toEqual([
      ['20d 0h', 100, '3d 0h'],
      ['45d 0h', 200, '3d 0h'],
      ['60d 0h', 500, '3d 0h'],
    ]);
    expect(ivan.messages.map((m) => [after(entry, m.at), m.channel, m.text])).toEqual([
      ['20d 0h', 'telegram', '🎁 Иван, дарим 100 баллов! Успейте потратить до 25.03 12:00'],
      ['45d 0h', 'telegram', '🔥 Удваиваем подарок: 200 баллов на 3 дня, до 19.04 12:00'],
      ['60d 0h', 'telegram', '💎 Последнее и самое щедрое: 500 баллов до 04.05 12:00. Ждём вас!'],
    ]);
    expect(ivan.status).toBe('completed');

    const nina = outcome.runOf('nina');
    expect(nina.messages.map((m) => [after(entry, m.at), m.channel])).toEqual([
      ['20d 0h', 'push'],
      ['45d 0h', 'push'],
      ['60d 0h', 'push'],
    ]);

    const maria = outcome.runOf('maria');
    expect(maria.status).toBe('converted');
    expect(maria.endedAt?.slice(0, 16)).toBe('2026-04-01T15:30');
    expect(maria.messages.map((m) => m.nodeId)).toEqual(['msg100']);
    expect(maria.bonuses.map((b) => b.points)).toEqual([100]);
    // She bought: the frequency limit (one entry a year) keeps her out afterwards even if she falls asleep again.
    expect(outcome.runsOf('maria')).toHaveLength(1);
  });
});

describe('seed 000: pre-churn on the customer’s own rhythm', () => {
  it('enters a weekly customer once they are twice their usual interval late, not before', async () => {
    await h.customers([
      customer('sasha', { name: 'Саша', pushToken: 'push-sasha', subscriptions: { push: true } }),
      customer('tanya', { name: 'Таня', pushToken: 'push-tanya', subscriptions: { push: true } }),
    ]);
    // Both bought every 7 days; Sasha last 15 days before the start (ratio 2.14), Tanya 10 days before (1.43).
    const weekly = (who: string, last: string) =>
      [0, 7, 14, 21].map((back, i) => order(`${who}${i}`, who, new Date(new Date(last).getTime() - back * 86_400_000).toISOString()));
    await h.orders([...weekly('sasha', '2026-02-15T09:30:00+03:00'), ...weekly('tanya', '2026-02-20T09:30:00+03:00')]);

    const outcome = await h.run(preChurn, { start: START, days: 10 });
    const sasha = outcome.runOf('sasha');
    expect(sasha.enteredAt).toBe('2026-03-02T06:30:00.000Z');
    expect(sasha.messages[0]).toMatchObject({ channel: 'push', text: 'Саша, давно вас не видели! Загляните — ваше любимое уже ждёт' });
    // 14 days after her last order, on 6 March at 09:30, Tanya is exactly twice late.
    const tanya = outcome.runOf('tanya');
    expect(tanya.enteredAt).toBe('2026-03-06T06:30:00.000Z');
    expect(tanya.steps.filter((s) => s.nodeId === 'bought').map((s) => [after(tanya.enteredAt, s.at), s.outcome])).toEqual([['3d 0h', 'no']]);
  });
});
