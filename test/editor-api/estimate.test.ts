import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../shared/scenario/compile';
import { scenarioExamples } from '../../shared/scenario/examples';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import { audienceScopeOf } from '../../server/audience/scope';
import type { ReachGroup } from '../../server/audience/size';
import { estimateCost } from '../../server/pricing/estimate';
import { DEFAULT_PRICES } from '../../server/pricing/prices';

const everyone = (customers: number, reachable: Partial<ReachGroup['reachable']>): ReachGroup => ({
  customers,
  reachable: { sms: false, email: false, telegram: false, push: false, ...reachable },
});

describe('the audience of a draft', () => {
  it.each(scenarioExamples.map((e) => [e.key, e.document] as const))('is what the compiler pushes down for %s', (_key, document) => {
    const plan = compileScenario(document, { scenarioId: 'x', version: 1 });
    const found = audienceScopeOf(document, 'x');
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(found.scope.spec.audience).toEqual({ condition: plan.audience.condition, frequencyLimit: plan.audience.frequencyLimit });
    expect(found.scope.entry).toBe(plan.entry);
  });
});

describe('the cost estimate', () => {
  it('splits an A/B test by weight, gives the holdout nothing and counts the bonus on the way', () => {
    const document = ScenarioDocumentSchema.parse({
      format: 'scenario/v1',
      name: 'Подарок или скидка',
      nodes: [
        { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
        { id: 'ab', type: 'abSplit', config: { variants: [{ key: 'gift', label: 'Подарок', weight: 75 }, { key: 'off', label: 'Скидка', weight: 25 }], holdoutPct: 20 } },
        { id: 'points', type: 'grantBonus', config: { points: 100, expiresInDays: 3 } },
        { id: 'giftSms', type: 'send', config: { channel: 'sms', text: 'Дарим 100 баллов до {{ bonus.expiresAt | date: "%d.%m" }}' } },
        { id: 'offSms', type: 'send', config: { channel: 'sms', text: 'Скидка 25% до воскресенья' } },
      ],
      edges: [
        { from: 'start', port: 'out', to: 'ab' },
        { from: 'ab', port: 'gift', to: 'points' },
        { from: 'points', port: 'out', to: 'giftSms' },
        { from: 'ab', port: 'off', to: 'offSms' },
      ],
    });
    const estimate = estimateCost(document, 'ab', [everyone(1000, { sms: true })], DEFAULT_PRICES);
    // In the order customers reach them: the discount SMS is one step after the split, the gift SMS two.
    expect(estimate.messages.map((m) => [m.nodeId, m.share])).toEqual([
      ['offSms', expect.closeTo(0.2)],
      ['giftSms', expect.closeTo(0.6)],
    ]);
    expect(estimate.byChannel.sms.messages).toBeCloseTo(800);
    expect(estimate.total).toBeCloseTo(800 * 3.5);
    expect(estimate.bonusPoints).toBeCloseTo(60_000);
  });

  it('takes the more expensive way of a branch and adds up branches that merge again', () => {
    const document = ScenarioDocumentSchema.parse({
      format: 'scenario/v1',
      name: 'Ветки',
      nodes: [
        { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
        { id: 'bought', type: 'checkOrders', config: {} },
        { id: 'thanks', type: 'send', config: { channel: 'email', text: 'Спасибо!' } },
        { id: 'ab', type: 'abSplit', config: { variants: [{ key: 'a', label: 'A', weight: 1 }, { key: 'b', label: 'B', weight: 1 }] } },
        { id: 'a', type: 'send', config: { channel: 'sms', text: 'A' } },
        { id: 'b', type: 'send', config: { channel: 'email', text: 'B' } },
        { id: 'last', type: 'send', config: { channel: 'sms', text: 'Последнее' } },
      ],
      edges: [
        { from: 'start', port: 'out', to: 'bought' },
        { from: 'bought', port: 'yes', to: 'thanks' },
        { from: 'bought', port: 'no', to: 'ab' },
        { from: 'ab', port: 'a', to: 'a' },
        { from: 'ab', port: 'b', to: 'b' },
        { from: 'a', port: 'out', to: 'last' },
        { from: 'b', port: 'out', to: 'last' },
      ],
    });
    const estimate = estimateCost(document, 'bought', [everyone(10, { sms: true, email: true })], DEFAULT_PRICES);
    expect(estimate.messages.map((m) => [m.nodeId, m.share])).toEqual([
      ['a', 0.5],
      ['b', 0.5],
      ['last', 1],
    ]);
    expect(estimate.total).toBeCloseTo(5 * 3.5 + 10 * 3.5);
  });
});
