import { describe, expect, it } from 'vitest';
import { evaluateCondition } from '../../conditions/evaluate';
import type { CustomerFacts } from '../../conditions/fields';
import { renderTemplate } from '../../templates/render';
import { compileScenario } from '../compile';
import { triggerType } from '../plan';
import { hasErrors, validateScenario } from '../validate';
import { mindboxReactivation } from './mindboxReactivation';
import { scenarioExample, scenarioExamples } from '.';

const facts = (over: Partial<CustomerFacts>): CustomerFacts => ({
  daysSinceLastOrder: null,
  orderCount: 0,
  totalSpent: 0,
  avgCheck: null,
  daysSinceRegistration: 400,
  avgDaysBetweenOrders: null,
  overdueRatio: null,
  cardType: 'regular',
  city: null,
  bonusBalance: 0,
  favoriteCategory: null,
  subscribed: { sms: true, email: true, telegram: true, push: true },
  ...over,
});

describe('scenario examples', () => {
  it.each(scenarioExamples.map((e) => [e.key, e] as const))('%s is publishable and compiles', (_key, example) => {
    const { problems } = validateScenario(example.document);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(hasErrors(problems)).toBe(false);
    const plan = compileScenario(example.document, { scenarioId: example.key, version: 1 });
    expect(plan.entry).not.toBeNull();
    // A daily audience needs a condition; the other triggers say whom they are about themselves.
    if (triggerType(plan) === 'dailyTrigger') expect(plan.audience.condition).not.toBeNull();
    expect(example.title.ru).toBeTruthy();
    expect(example.description.en).toBeTruthy();
  });

  it('have unique keys', () => {
    expect(new Set(scenarioExamples.map((e) => e.key)).size).toBe(scenarioExamples.length);
  });

  it('keeps seed 003 exactly as ARCHITECTURE.md shows it', () => {
    expect(scenarioExample('mindbox-reactivation')!.document.nodes).toEqual(mindboxReactivation.nodes);
    expect(scenarioExample('mindbox-reactivation')!.document.edges).toEqual(mindboxReactivation.edges);
  });

  it('seed 004: the one-time-buyer audience is one purchase and 66 days of silence; the SMS reads as in the seed', () => {
    const doc = scenarioExample('one-time-buyer')!.document;
    const plan = compileScenario(doc, { scenarioId: 's', version: 1 });
    expect(evaluateCondition(plan.audience.condition!, facts({ orderCount: 1, daysSinceLastOrder: 66 }))).toBe(true);
    expect(evaluateCondition(plan.audience.condition!, facts({ orderCount: 1, daysSinceLastOrder: 65.9 }))).toBe(false);
    expect(evaluateCondition(plan.audience.condition!, facts({ orderCount: 2, daysSinceLastOrder: 80 }))).toBe(false);
    const sms = plan.nodes.sms100;
    if (sms.type !== 'send') throw new Error('sms100 is a send node');
    const text = renderTemplate(
      sms.config.text,
      { customer: { id: '1', name: null, firstName: null, city: null, bonusBalance: 100 }, bonus: { points: 100, expiresAt: '2026-12-12T09:00:00Z' } },
      { timezone: doc.settings.timezone },
    );
    expect(text).toBe('Дарим вам 100 рублей на покупку до 12.12 Ждем вас за покупкой!');
    expect(plan.nodes.bought2.next.no).toBe('call');
  });

  it('pre-churn: "usually every 7 days, now 14" enters, a monthly buyer does not', () => {
    const condition = compileScenario(scenarioExample('pre-churn')!.document, { scenarioId: 's', version: 1 }).audience.condition!;
    expect(evaluateCondition(condition, facts({ orderCount: 6, avgDaysBetweenOrders: 7, daysSinceLastOrder: 14, overdueRatio: 2 }))).toBe(true);
    expect(evaluateCondition(condition, facts({ orderCount: 6, avgDaysBetweenOrders: 30, daysSinceLastOrder: 60, overdueRatio: 2 }))).toBe(false);
    expect(evaluateCondition(condition, facts({ orderCount: 1, daysSinceLastOrder: 14 }))).toBe(false);
  });

  it('the escalation ladder grants 100, 200 and 500 points for 72 hours on days 20, 45 and 60', () => {
    const plan = compileScenario(scenarioExample('escalation-ladder')!.document, { scenarioId: 's', version: 1 });
    const steps: string[] = [];
    let day = 0;
    for (let id = plan.entry; id; ) {
      const n = plan.nodes[id];
      if (n.type === 'wait') day += n.config.days;
      if (n.type === 'grantBonus') steps.push(`day ${day}: ${n.config.points} for ${n.config.expiresInHours} h`);
      id = Object.values(n.next)[0] ?? null;
    }
    expect(steps).toEqual(['day 20: 100 for 72 h', 'day 45: 200 for 72 h', 'day 60: 500 for 72 h']);
  });

  it('the A/B test splits gift and discount with a holdout', () => {
    const plan = compileScenario(scenarioExample('gift-vs-discount')!.document, { scenarioId: 's', version: 1 });
    expect(plan.nodes.split.next).toEqual({ gift: 'gift', discount: 'discountMail', holdout: null });
  });
});
