import { describe, expect, it } from 'vitest';
import { evaluateCondition } from './evaluate';
import type { CustomerFacts } from './fields';

const sleeper: CustomerFacts = {
  daysSinceLastOrder: 180,
  orderCount: 3,
  totalSpent: 10_000,
  avgCheck: 3333.33,
  daysSinceRegistration: 400,
  avgDaysBetweenOrders: 30,
  overdueRatio: 6,
  cardType: 'vip',
  city: 'Москва',
  bonusBalance: 1500,
  favoriteCategory: 'Кофе',
  subscribed: { sms: true, email: false, telegram: false, push: false },
};
const newcomer: CustomerFacts = { ...sleeper, daysSinceLastOrder: null, orderCount: 0, avgCheck: null, avgDaysBetweenOrders: null, overdueRatio: null, city: null, favoriteCategory: null };

describe('evaluateCondition', () => {
  it('matches the seed 003 audience', () => {
    const audience = {
      all: [
        { field: 'subscribed.sms', op: 'eq' as const, value: true },
        { field: 'daysSinceRegistration', op: 'gte' as const, value: 180 },
        { field: 'orderCount', op: 'gte' as const, value: 1 },
        { field: 'daysSinceLastOrder', op: 'gte' as const, value: 180 },
      ],
    };
    expect(evaluateCondition(audience, sleeper)).toBe(true);
    expect(evaluateCondition(audience, { ...sleeper, daysSinceLastOrder: 179.99 })).toBe(false);
    expect(evaluateCondition(audience, newcomer)).toBe(false);
  });

  it('makes every rule on an unknown fact false, so negations of them are true', () => {
    for (const op of ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const) {
      expect(evaluateCondition({ field: 'daysSinceLastOrder', op, value: 10 }, newcomer)).toBe(false);
      expect(evaluateCondition({ not: { field: 'daysSinceLastOrder', op, value: 10 } }, newcomer)).toBe(true);
    }
    expect(evaluateCondition({ field: 'city', op: 'notIn', value: ['Тверь'] }, newcomer)).toBe(false);
    expect(evaluateCondition({ field: 'overdueRatio', op: 'between', value: [0, 100] }, newcomer)).toBe(false);
  });

  it('includes both ends of between and compares text exactly', () => {
    expect(evaluateCondition({ field: 'daysSinceLastOrder', op: 'between', value: [90, 180] }, sleeper)).toBe(true);
    expect(evaluateCondition({ field: 'daysSinceLastOrder', op: 'between', value: [180, 365] }, sleeper)).toBe(true);
    expect(evaluateCondition({ field: 'city', op: 'eq', value: 'москва' }, sleeper)).toBe(false);
    expect(evaluateCondition({ field: 'orderCount', op: 'in', value: [2, 3] }, sleeper)).toBe(true);
    expect(evaluateCondition({ field: 'cardType', op: 'notIn', value: ['regular'] }, sleeper)).toBe(true);
  });

  it('treats empty groups as identities: all of nothing is true, any of nothing is false', () => {
    expect(evaluateCondition({ all: [] }, sleeper)).toBe(true);
    expect(evaluateCondition({ any: [] }, sleeper)).toBe(false);
  });
});
