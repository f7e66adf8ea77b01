import { describe, expect, it } from 'vitest';
import type { CustomerFacts } from '../conditions/fields';
import { compileScenario } from './compile';
import { giftVsDiscount } from './examples/giftVsDiscount';
import { mindboxReactivation } from './examples/mindboxReactivation';
import { checkMove, moveTargets, suggestedTarget } from './moves';
import type { Plan } from './plan';
import { projectRun } from './project';
import { ScenarioDocumentSchema, type ScenarioDocumentInput } from './schema';

const ID = '7f1c9a52-0000-4000-8000-000000000013';
const plan = (doc: ScenarioDocumentInput, version: number): Plan => compileScenario(ScenarioDocumentSchema.parse(structuredClone(doc)), { scenarioId: ID, version });
const seed003 = plan(mindboxReactivation, 1);
const ab = plan(giftVsDiscount, 1);

/** Seed 003 with w12 gone and the offer reworded (the example). */
function withoutW12(): ScenarioDocumentInput {
  const doc = structuredClone(mindboxReactivation);
  doc.nodes = doc.nodes.filter((n) => n.id !== 'w12').map((n) => (n.id === 'offer' ? ({ ...n, config: { ...n.config, text: 'Новый текст' } } as typeof n) : n));
  doc.edges = doc.edges.filter((e) => e.from !== 'w12' && e.to !== 'w12').concat({ from: 'offer', port: 'out', to: 'remind' });
  return doc;
}
const v2 = plan(withoutW12(), 2);

describe('checkMove: where runs of an old version may continue', () => {
  it('allows the same node in the new version and suggests it', () => {
    expect(checkMove(seed003, 'w7', v2, 'w7')).toEqual({ nodeId: 'w7', allowed: true });
    expect(suggestedTarget(seed003, 'w7', v2)).toBe('w7');
    // w12 is gone: nothing to suggest.
    expect(suggestedTarget(seed003, 'w12', v2)).toBeNull();
  });

  it('refuses the trigger, the audience nodes and the exit node, each with its reason', () => {
    expect(checkMove(seed003, 'w7', v2, 'start').why?.ru).toContain('запуск сценария');
    expect(checkMove(seed003, 'w7', v2, 'audience').why?.ru).toContain('отбора аудитории');
    expect(checkMove(seed003, 'w7', v2, 'once').why?.ru).toContain('отбора аудитории');
    const withExit = structuredClone(mindboxReactivation);
    withExit.nodes.push({ id: 'end', type: 'exit', config: {} });
    withExit.edges.push({ from: 'bought', port: 'yes', to: 'end' });
    expect(checkMove(seed003, 'w7', plan(withExit, 2), 'end').why?.ru).toContain('«Вывести»');
  });

  it('refuses a reminder to runs that were granted no bonus, and allows it to runs that were', () => {
    // At w7 no bonus was granted yet: the reminder (and the offer, which names the bonus) would speak of nothing.
    expect(checkMove(seed003, 'w7', v2, 'remind')).toMatchObject({ allowed: false, why: { ru: expect.stringContaining('бонус') } });
    expect(checkMove(seed003, 'w7', v2, 'offer').allowed).toBe(false);
    // Before the grant is fine: the grant comes first on the way.
    expect(checkMove(seed003, 'w7', v2, 'bought').allowed).toBe(true);
    // At w12 the gift was granted on every path: the reminder may come at once.
    expect(checkMove(seed003, 'w12', v2, 'remind').allowed).toBe(true);
  });

  it('refuses a branch of an A/B split to runs that never took it', () => {
    // giftMail is on the "gift" branch; a run waiting there (giftWait) may move within it, not to the discount side.
    expect(checkMove(ab, 'giftWait', ab, 'giftRemind').allowed).toBe(true);
    const refused = checkMove(ab, 'giftWait', ab, 'discountMail');
    expect(refused.allowed).toBe(false);
    expect(refused.why?.ru).toBe(`Шаг в ветке варианта «Скидка 25%» A/B-теста «${ab.nodes.split.name}»: клиенты на шаге «Ждать 2 дн.» в эту ветку не попадали.`);
  });

  it('lists every node of the new version once, in its order', () => {
    const targets = moveTargets(seed003, 'w12', v2);
    expect(targets.map((t) => t.nodeId)).toEqual(Object.keys(v2.nodes));
    expect(targets.filter((t) => t.allowed).map((t) => t.nodeId)).toEqual(['hello', 'w7', 'bought', 'gift', 'offer', 'remind']);
  });
});

const facts = (subscribed: Partial<CustomerFacts['subscribed']>): CustomerFacts => ({
  daysSinceLastOrder: 200,
  orderCount: 2,
  totalSpent: 12000,
  avgCheck: 6000,
  daysSinceRegistration: 400,
  avgDaysBetweenOrders: 30,
  overdueRatio: 6.7,
  cardType: 'regular',
  city: null,
  bonusBalance: 0,
  favoriteCategory: null,
  subscribed: { sms: false, email: false, telegram: false, push: false, ...subscribed },
});

describe('projectRun: what a run would do in the next days if the customer buys nothing', () => {
  const now = new Date('2026-03-02T09:00:00Z'); // 12:00 in Moscow, outside quiet hours
  const until = new Date(now.getTime() + 30 * 86_400_000);
  const base = { customerId: 'c1', bonus: null, facts: facts({ email: true }), timeZone: null };

  it('follows seed 003 from w7: offer after the wait, the reminder 12 days later, within 30 days', () => {
    const started = new Date(now.getTime() - 2 * 86_400_000); // waiting for 2 of 7 days already
    const p = projectRun({ ...base, plan: seed003, nodeId: 'w7', waitStartedAt: started }, now, until);
    expect(p.path).toEqual(['w7', 'bought', 'gift', 'offer', 'w12', 'remind']);
    expect(p.effects.map((e) => [e.kind, e.nodeId, e.at.toISOString()])).toEqual([
      ['bonus', 'gift', '2026-03-07T09:00:00.000Z'],
      ['message', 'offer', '2026-03-07T09:00:00.000Z'],
      ['message', 'remind', '2026-03-19T09:00:00.000Z'],
    ]);
    expect(p.ends).toBe(true);
  });

  it('stops at the horizon while a run still waits, and sends nothing to a customer with no channel', () => {
    const p = projectRun({ ...base, plan: seed003, nodeId: 'w12', waitStartedAt: now }, now, new Date(now.getTime() + 5 * 86_400_000));
    expect(p).toEqual({ effects: [], path: ['w12'], ends: false });
    const mute = projectRun({ ...base, facts: facts({}), plan: seed003, nodeId: 'offer', waitStartedAt: null }, now, until);
    expect(mute.effects).toEqual([]);
  });

  it('holds a message due in quiet hours until they end, in the customer’s zone', () => {
    const night = new Date('2026-03-02T19:30:00Z'); // 22:30 in Moscow
    const p = projectRun({ ...base, bonus: { points: 300, expiresAt: new Date('2026-04-01T00:00:00Z') }, plan: seed003, nodeId: 'remind', waitStartedAt: null }, night, until);
    expect(p.effects[0].at.toISOString()).toBe('2026-03-03T06:00:00.000Z'); // 09:00 in Moscow
  });

  it('skips a reminder when the bonus expired before it, like the runtime does', () => {
    const p = projectRun({ ...base, bonus: { points: 300, expiresAt: new Date(now.getTime() - 1) }, plan: seed003, nodeId: 'remind', waitStartedAt: null }, now, until);
    expect(p.effects).toEqual([]);
  });
});
