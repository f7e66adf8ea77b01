import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../shared/scenario/compile';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import { entryKey, meetsTrigger, reentryOf, triggerEvent, type EntryFacts } from './match';

const planWith = (trigger: Record<string, unknown>) =>
  compileScenario(
    ScenarioDocumentSchema.parse({
      format: 'scenario/v1',
      name: 't',
      nodes: [{ id: 'start', ...trigger }, { id: 'hi', type: 'send', config: { channel: 'sms', text: 'hi' } }],
      edges: [{ from: 'start', port: 'out', to: 'hi' }],
    }),
    { scenarioId: '11111111-1111-4111-8111-111111111111', version: 1 },
  );

const order = (over: Partial<Extract<EntryFacts, { kind: 'order' }>['order']> = {}): EntryFacts => ({
  kind: 'order',
  order: { id: 'o-1', customerId: 'c', amount: 1500, placedAt: new Date('2026-03-02T09:00:00Z'), first: true, categories: ['Кофе', 'Выпечка'], ...over },
});
const event = (type: string): EntryFacts => ({ kind: 'event', event: { id: 'e-1', customerId: 'c', type, at: new Date('2026-03-02T09:00:00Z'), data: { cart: 'x' } } });

describe('which events meet which trigger', () => {
  it('an order trigger checks first order, amount and category (case aside), and ignores custom events', () => {
    const plan = planWith({ type: 'orderTrigger', config: { firstOrder: true, minAmount: 1000, category: 'кофе', reentry: { mode: 'once' } } });
    expect(meetsTrigger(plan, order())).toBe(true);
    expect(meetsTrigger(plan, order({ first: false }))).toBe(false);
    expect(meetsTrigger(plan, order({ amount: 999.99 }))).toBe(false);
    expect(meetsTrigger(plan, order({ categories: ['Выпечка'] }))).toBe(false);
    expect(meetsTrigger(plan, event('cart_abandoned'))).toBe(false);
    expect(reentryOf(plan)).toEqual({ mode: 'once' });
  });

  it('an event trigger matches its type exactly; the daily trigger matches nothing', () => {
    const plan = planWith({ type: 'eventTrigger', config: { eventType: 'cart_abandoned', reentry: { mode: 'cooldown', days: 7 } } });
    expect(meetsTrigger(plan, event('cart_abandoned'))).toBe(true);
    expect(meetsTrigger(plan, event('Cart_abandoned'))).toBe(false);
    expect(meetsTrigger(plan, order())).toBe(false);
    const daily = planWith({ type: 'dailyTrigger', config: { at: '10:00' } });
    expect(meetsTrigger(daily, order())).toBe(false);
    expect(reentryOf(daily)).toBeUndefined();
  });

  it('names the event for the journal in the scenario’s zone, and keys it per event', () => {
    const o = triggerEvent(order(), 'Asia/Vladivostok');
    expect(o.title.replace(/\s/g, ' ')).toBe('первый заказ o-1 на 1 500 ₽ 02.03 19:00');
    expect(o.data).toEqual({ orderId: 'o-1', amount: 1500, first: true, categories: ['Кофе', 'Выпечка'] });
    expect(triggerEvent(event('cart_abandoned'), 'Europe/Moscow').title).toBe('событие «cart_abandoned» 02.03 12:00');
    expect([entryKey(order()), entryKey(event('x'))]).toEqual(['order:o-1', 'event:e-1']);
  });

  it('compiles each trigger to the schedule it needs', () => {
    expect(planWith({ type: 'dailyTrigger', config: { at: '10:00' } }).trigger).toEqual({ nodeId: 'start', at: '10:00' });
    expect(planWith({ type: 'orderTrigger', config: { reentry: { mode: 'always' } } }).trigger).toEqual({ nodeId: 'start', type: 'orderTrigger' });
    expect(planWith({ type: 'birthdayTrigger', config: { daysBefore: 3, at: '10:00' } }).trigger).toEqual({ nodeId: 'start', type: 'birthdayTrigger', at: '10:00' });
    expect(planWith({ type: 'bonusExpiryTrigger', config: { unit: 'hours', before: 72 } }).trigger).toEqual({ nodeId: 'start', type: 'bonusExpiryTrigger', hourly: true });
  });
});
