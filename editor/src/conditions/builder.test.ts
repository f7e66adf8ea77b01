import { describe, expect, it } from 'vitest';
import type { Condition } from '../../../shared/conditions/schema';
import { append, at, children, changeField, changeOp, describeCondition, newRule, parseList, removeAt, replaceAt, setAttributeKey, setGroupKind, toggleNot } from './builder';

const audience: Condition = {
  all: [
    { field: 'subscribed.email', op: 'eq', value: true },
    { any: [{ field: 'orderCount', op: 'gte', value: 1 }, { field: 'cardType', op: 'eq', value: 'vip' }] },
  ],
};

describe('condition builder edits', () => {
  it('adds, replaces and removes rules by path without touching the original', () => {
    const added = append(audience, [1], newRule('daysSinceLastOrder'));
    expect(at(added, [1, 2])).toEqual({ field: 'daysSinceLastOrder', op: 'gte', value: 0 });
    expect(children(at(audience, [1]))).toHaveLength(2);
    const replaced = replaceAt(added, [1, 2], () => ({ field: 'daysSinceLastOrder', op: 'gte', value: 180 }));
    expect(at(replaced, [1, 2])).toMatchObject({ value: 180 });
    expect(removeAt(replaced, [1, 0])).toEqual({
      all: [audience.all[0], { any: [{ field: 'cardType', op: 'eq', value: 'vip' }, { field: 'daysSinceLastOrder', op: 'gte', value: 180 }] }],
    });
  });

  it('switches a group between all and any, and negates and un-negates a node', () => {
    expect(setGroupKind(audience, [1], 'all')).toEqual({ all: [audience.all[0], { all: (audience.all[1] as { any: Condition[] }).any }] });
    const negated = toggleNot(audience, [0]);
    expect(at(negated, [0])).toEqual({ not: { field: 'subscribed.email', op: 'eq', value: true } });
    expect(toggleNot(negated, [0])).toEqual(audience);
    // Removing the only child of a NOT removes the NOT too.
    expect(removeAt(negated, [0, 0])).toEqual({ all: [audience.all[1]] });
  });

  it('a new field keeps a compatible operator and value, and resets what no longer fits', () => {
    expect(changeField({ field: 'daysSinceLastOrder', op: 'gte', value: 90 }, 'daysSinceRegistration')).toEqual({ field: 'daysSinceRegistration', op: 'gte', value: 90 });
    expect(changeField({ field: 'daysSinceLastOrder', op: 'gte', value: 90 }, 'cardType')).toEqual({ field: 'cardType', op: 'eq', value: 'regular' });
    expect(changeField({ field: 'cardType', op: 'eq', value: 'vip' }, 'subscribed.sms')).toEqual({ field: 'subscribed.sms', op: 'eq', value: true });
  });

  it('reshapes the value for between and lists', () => {
    expect(changeOp({ field: 'orderCount', op: 'gte', value: 2 }, 'between')).toEqual({ field: 'orderCount', op: 'between', value: [2, 32] });
    expect(changeOp({ field: 'city', op: 'eq', value: 'Тверь' }, 'in')).toEqual({ field: 'city', op: 'in', value: ['Тверь'] });
    expect(changeOp({ field: 'city', op: 'in', value: ['Тверь', 'Москва'] }, 'eq')).toEqual({ field: 'city', op: 'eq', value: 'Тверь' });
    expect(parseList('Москва, Тверь ,', 'string')).toEqual(['Москва', 'Тверь']);
    expect(parseList('1, 2,x', 'number')).toEqual([1, 2]);
  });

  it('reads a condition aloud with Russian labels and units', () => {
    const ops = { eq: '=', gte: '≥' } as Record<string, string>;
    expect(describeCondition(audience, 'ru', (op) => ops[op] ?? op)).toBe(
      'Подписан на email (есть адрес) = да И (Число заказов ≥ 1 ИЛИ Тип карты = VIP)',
    );
    expect(describeCondition({ field: 'daysSinceLastOrder', op: 'gte', value: 180 }, 'ru', (op) => ops[op])).toBe('Дней с последнего заказа ≥ 180 дней');
    expect(describeCondition({ field: 'daysSinceLastOrder', op: 'gte', value: 21 }, 'ru', (op) => ops[op])).toBe('Дней с последнего заказа ≥ 21 день');
    expect(describeCondition({ field: 'bonusBalance', op: 'between', value: [1, 2] }, 'ru', (op) => (op === 'between' ? 'между' : ops[op]))).toBe('Баланс баллов между 1–2 балла');
  });
});

describe('tags and attributes in the builder', () => {
  const words = (op: string) => ({ has: 'включают', hasNot: 'не включают', eq: '=', gt: '>' })[op] ?? op;

  it('a rule on tags starts with «включают» and an empty tag, and reads as a sentence', () => {
    const rule = changeField({ field: 'orderCount', op: 'gte', value: 1 }, 'tags');
    expect(rule).toEqual({ field: 'tags', op: 'has', value: '' });
    expect(describeCondition({ ...rule, value: 'звонили' }, 'ru', words)).toBe('Теги включают звонили');
    expect(describeCondition({ field: 'tags', op: 'hasNot', value: 'звонили' }, 'ru', words)).toBe('Теги не включают звонили');
  });

  it('an attribute rule is made from any rule, keeps its operator and value when the key changes, and names the key', () => {
    const fresh = setAttributeKey({ field: 'orderCount', op: 'gte', value: 1 }, '');
    expect(fresh).toEqual({ field: 'attributes.', op: 'eq', value: '' });
    const level = setAttributeKey({ ...fresh, op: 'gt', value: 3 }, 'level');
    expect(level).toEqual({ field: 'attributes.level', op: 'gt', value: 3 });
    expect(describeCondition(level, 'ru', words)).toBe('Атрибут «level» > 3');
    expect(changeOp({ field: 'attributes.level', op: 'eq', value: 'gold' }, 'in')).toEqual({ field: 'attributes.level', op: 'in', value: ['gold'] });
  });
});
