import { factValue, type CustomerFacts } from './fields';
import { isRule, type Condition, type Rule } from './condition';

/**
 * Does a customer match a condition? The in-memory twin of server/audience/conditionSql.ts: a rule on an unknown
 * (null) fact is false, whatever the operator, so `not` of such a rule is true, exactly as in SQL.
 * Assumes a condition that passed `checkCondition`; a rule whose value does not fit its field is false.
 */
export function evaluateCondition(condition: Condition, facts: CustomerFacts): boolean {
  if (isRule(condition)) return evaluateRule(condition, facts);
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, facts));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, facts));
  return !evaluateCondition(condition.not, facts);
}

function evaluateRule(rule: Rule, facts: CustomerFacts): boolean {
  if (rule.op === 'has' || rule.op === 'hasNot') {
    // Only tags are a set; tags are never unknown (no tags is an empty set), so `hasNot` of a missing tag is true.
    if (rule.field !== 'tags' || typeof rule.value !== 'string') return false;
    return (facts.tags ?? []).includes(rule.value) === (rule.op === 'has');
  }
  const fact = factValue(facts, rule.field);
  if (fact === null) return false;
  const v = rule.value;
  switch (rule.op) {
    case 'eq':
      return fact === v;
    case 'ne':
      return typeof v === typeof fact && fact !== v;
    case 'gt':
      return typeof fact === 'number' && typeof v === 'number' && fact > v;
    case 'gte':
      return typeof fact === 'number' && typeof v === 'number' && fact >= v;
    case 'lt':
      return typeof fact === 'number' && typeof v === 'number' && fact < v;
    case 'lte':
      return typeof fact === 'number' && typeof v === 'number' && fact <= v;
    case 'between':
      return (
        typeof fact === 'number' && Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'number' && fact >= v[0] && fact <= v[1]
      );
    case 'in':
      return Array.isArray(v) && v.includes(fact);
    case 'notIn':
      return Array.isArray(v) && !v.includes(fact);
  }
}
