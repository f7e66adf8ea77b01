import { describe, expect, it } from 'vitest';
import { mindboxReactivation } from '../../shared/scenario/examples/mindboxReactivation';
import { after, customer, order, useRuntimeHarness } from './harness';

// Monday 2 March 2026, 00:00 in Moscow; the scenario's trigger runs at 10:00 Moscow (07:00 UTC).
const START = '2026-03-02T00:00:00+03:00';
const ENTRY = '2026-03-02T07:00:00.000Z';

const h = useRuntimeHarness();

describe('seed 003: the Mindbox reactivation chain', () => {
  it('reminds, gifts 300 points after 7 quiet days, reminds of them 12 days later; a purchase ends the chain at once', async () => {
    await h.customers([
      customer('anna', { name: 'Анна Петрова' }),
      customer('boris', { name: 'Борис' }),
      // Bought 100 days ago: not asleep long enough.
      customer('vera'),
      // Asleep, but never agreed to email.
      customer('gleb', { subscriptions: { email: false } }),
    ]);
    await h.orders([
      order('a1', 'anna', '2025-08-01T12:00:00+03:00'),
      order('b1', 'boris', '2025-07-15T12:00:00+03:00'),
      order('v1', 'vera', '2025-11-22T12:00:00+03:00'),
      order('g1', 'gleb', '2025-06-01T12:00:00+03:00'),
    ]);

    const outcome = await h.run(mindboxReactivation, {
      start: START,
      days: 30,
      events: [order('b2', 'boris', '2026-03-05T12:00:00+03:00', 800)],
      recordHistories: { anna: 'mindbox-anna-full-chain', boris: 'mindbox-boris-converted' },
    });

    expect(outcome.runs.map((r) => r.customerId).sort()).toEqual(['anna', 'boris']);

    const anna = outcome.runOf('anna');
    expect(anna.enteredAt).toBe(ENTRY);
    expect(anna.status).toBe('completed');
    expect(anna.messages.map((m) => [after(ENTRY, m.at), m.nodeId, m.channel, m.text])).toEqual([
      ['0d 0h', 'hello', 'email', 'Анна Петрова, давно не виделись!'],
      ['7d 0h', 'offer', 'email', 'Дарим 300 баллов до 23.03'],
      ['19d 0h', 'remind', 'email', 'Ваши 300 баллов сгорят 23.03'],
    ]);
    expect(anna.bonuses.map((b) => [after(ENTRY, b.at), b.points, after(ENTRY, b.expiresAt)])).toEqual([['7d 0h', 300, '21d 0h']]);
    // Re-entry only after 180 days: the frequency limit keeps her out on the following days.
    expect(outcome.runsOf('anna')).toHaveLength(1);
    expect(anna.steps.map((s) => `${s.nodeId}:${s.outcome}`)).toEqual([
      'start:out',
      'audience:yes',
      'once:pass',
      'hello:sent',
      'w7:waiting',
      'w7:waited',
      'bought:no',
      'gift:granted',
      'offer:sent',
      'w12:waiting',
      'w12:waited',
      'remind:sent',
    ]);

    const boris = outcome.runOf('boris');
    expect(boris.status).toBe('converted');
    // Ended when the order came in, mid-wait, not when the 7-day timer would have fired.
    expect(boris.endedAt?.slice(0, 16)).toBe('2026-03-05T09:00');
    expect(boris.messages.map((m) => m.nodeId)).toEqual(['hello']);
    expect(boris.bonuses).toEqual([]);
    expect(boris.steps.at(-1)).toMatchObject({ nodeId: 'w7', outcome: 'converted' });
    expect(boris.steps.at(-1)?.reason).toContain('заказ b2 на 800');

    const [{ n }] = await h.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM messages`;
    expect(n).toBe(4);
  });
});
