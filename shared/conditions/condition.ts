import type { Text } from '../i18n/text';
/**
 * A condition of the `scenario/v1` document (ARCHITECTURE.md §3): its types, its size limits and the one test the
 * evaluator needs. No zod here: the workflow bundle evaluates conditions (filter steps) and must not carry zod; the
 * zod schema that checks a condition's shape is ./schema.ts.
 */

/** `has`/`hasNot` test a set (the customer's tags) for one member. */
export const CONDITION_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'between', 'has', 'hasNot'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export type ConditionValue = string | number | boolean | null | Array<string | number | boolean>;

export interface Rule {
  field: string;
  op: ConditionOp;
  value: ConditionValue;
}

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Rule;

/**
 * How large a condition may be. Far above what a marketer builds (the editor nests groups at most 6 deep, «не»
 * included), low enough that checking, evaluating and translating one to SQL stays cheap and never exhausts the stack.
 */
export const CONDITION_LIMITS = { depth: 10, rules: 100, groups: 100, values: 1_000, textLength: 1_000 } as const;

/** A condition over CONDITION_LIMITS: where (`all[2].value`, '' for the whole condition) and which limit, in words. */
export interface ConditionLimitProblem {
  path: string;
  message: Text;
}

type Part = { value: unknown; path: string; depth: number };

/**
 * The first limit a condition (any JSON, not yet validated) goes over, or null. Iterative, and it stops at the first
 * problem, so a condition nested 10,000 deep or with a million rules costs next to nothing to refuse. It follows
 * every key ConditionSchema (./schema.ts) would descend into (`all`, `any`, `not`), whatever else the object holds.
 */
export function conditionLimitProblem(condition: unknown): ConditionLimitProblem | null {
  const L = CONDITION_LIMITS;
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  const tooManyRules = (path: string) => problem(path, `в условии больше ${L.rules} правил`, `the condition has more than ${L.rules} rules`);
  const stack: Part[] = [{ value: condition, path: '', depth: 0 }];
  let rules = 0;
  let groups = 0;
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      if (++rules > L.rules) return tooManyRules(path);
      continue;
    }
    const node = value as Record<string, unknown>;
    if ('all' in node || 'any' in node || 'not' in node) {
      if (++groups > L.groups) return problem(path, `в условии больше ${L.groups} групп`, `the condition has more than ${L.groups} groups`);
      if (depth >= L.depth) {
        return problem(path, `условие вложено слишком глубоко: больше ${L.depth} уровней групп`, `the condition is nested too deeply: more than ${L.depth} levels of groups`);
      }
      const children: Part[] = [];
      for (const key of ['all', 'any'] as const) {
        const list = node[key];
        if (!Array.isArray(list)) continue;
        if (list.length > L.rules + L.groups) return tooManyRules(join(path, key));
        list.forEach((child, i) => children.push({ value: child, path: join(path, `${key}[${i}]`), depth: depth + 1 }));
      }
      if ('not' in node) children.push({ value: node.not, path: join(path, 'not'), depth: depth + 1 });
      // Reversed onto the stack, so the problem reported is the first one in reading order.
      stack.push(...children.reverse());
      continue;
    }
    if (++rules > L.rules) return tooManyRules(path);
    const texts: Array<[string, unknown]> = [[join(path, 'field'), node.field]];
    if (Array.isArray(node.value)) {
      if (node.value.length > L.values) {
        return problem(join(path, 'value'), `в списке значений больше ${L.values} элементов`, `a list of values has more than ${L.values} items`);
      }
      node.value.forEach((item, i) => texts.push([join(path, `value[${i}]`), item]));
    } else {
      texts.push([join(path, 'value'), node.value]);
    }
    for (const [at, text] of texts) {
      if (typeof text === 'string' && text.length > L.textLength) {
        return problem(at, `текст длиннее ${L.textLength} символов`, `a text is longer than ${L.textLength} characters`);
      }
    }
  }
  return null;
}

function problem(path: string, ru: string, en: string): ConditionLimitProblem {
  return { path, message: { ru, en } };
}

export function isRule(c: Condition): c is Rule {
  return 'field' in c;
}
