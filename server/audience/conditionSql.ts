import type postgres from 'postgres';
import { checkCondition } from '../../shared/conditions/check';
import { attributeKeyOf, conditionField, type FieldKind } from '../../shared/conditions/fields';
import { isRule, type Condition, type ConditionValue, type Rule } from '../../shared/conditions/schema';
import type { Sql } from '../db/client';

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/**
 * SQL for one condition field over `customers c` and `customer_stats s` (a missing stats row reads as no orders,
 * so a LEFT JOIN works too). The single definition of every fact: `loadCustomerFacts` selects these same
 * expressions, so the in-workflow evaluator and the audience query cannot drift apart.
 * Numbers are double precision on both sides, so comparisons round exactly like JavaScript's.
 */
export function factSql(sql: Sql, field: string, now: Date): Fragment {
  const at = sql`${now.toISOString()}::timestamptz`;
  const daysSince = (column: Fragment) => sql`(extract(epoch FROM (${at} - ${column}))::float8 / 86400)`;
  const orders = sql`coalesce(s.order_count, 0)`;
  switch (field) {
    case 'daysSinceLastOrder':
      return daysSince(sql`s.last_order_at`);
    case 'orderCount':
      return sql`${orders}::float8`;
    case 'totalSpent':
      return sql`coalesce(s.total_spent, 0)::float8`;
    case 'avgCheck':
      return sql`(CASE WHEN ${orders} > 0 THEN s.avg_check::float8 END)`;
    case 'daysSinceRegistration':
      return daysSince(sql`c.registered_at`);
    case 'avgDaysBetweenOrders':
      return sql`(CASE WHEN ${orders} >= 2 THEN s.avg_days_between_orders END)`;
    case 'overdueRatio':
      // Needs a rhythm: two orders at least, and a non-zero interval between them.
      return sql`(CASE WHEN ${orders} >= 2 AND s.avg_days_between_orders > 0
                       THEN ${daysSince(sql`s.last_order_at`)} / s.avg_days_between_orders END)`;
    case 'cardType':
      return sql`c.card_type`;
    case 'city':
      return sql`c.city`;
    case 'favoriteCategory':
      return sql`(CASE WHEN ${orders} > 0 THEN s.favorite_category END)`;
    case 'bonusBalance':
      // The ledger formula of 0001_init.sql: live grants at `now`, less what was redeemed from them by then.
      return sql`(SELECT coalesce(sum(g.points + coalesce((
                          SELECT sum(r.points) FROM bonus_ledger r
                           WHERE r.grant_id = g.id AND r.kind = 'redeem' AND r.at <= ${at}), 0)), 0)::float8
                    FROM bonus_ledger g
                   WHERE g.customer_id = c.id AND g.kind = 'grant' AND g.at <= ${at}
                     AND (g.expires_at IS NULL OR g.expires_at > ${at}))`;
    case 'subscribed.sms':
      return sql`(c.sub_sms AND coalesce(btrim(c.phone), '') <> '')`;
    case 'subscribed.email':
      return sql`(c.sub_email AND coalesce(btrim(c.email), '') <> '')`;
    case 'subscribed.telegram':
      return sql`(c.sub_telegram AND coalesce(btrim(c.telegram_chat_id), '') <> '')`;
    case 'subscribed.push':
      return sql`(c.sub_push AND coalesce(btrim(c.push_token), '') <> '')`;
    case 'tags':
      return sql`c.tags`;
    default: {
      // An attribute: its JSON value, NULL when the customer has none.
      const key = attributeKeyOf(field);
      if (key !== null) return sql`(c.attributes -> ${key}::text)`;
      throw new Error(`No SQL for condition field "${field}"`);
    }
  }
}

/** Thrown for a condition that validation would reject: the audience must never run a half-understood filter. */
export class ConditionSqlError extends Error {
  constructor(readonly issues: ReturnType<typeof checkCondition>) {
    super(`Condition cannot be translated to SQL: ${issues.map((i) => `${i.path}: ${i.message.en}`).join('; ')}`);
    this.name = 'ConditionSqlError';
  }
}

/**
 * A condition as a boolean SQL expression for `WHERE`, over `customers c JOIN customer_stats s ON s.customer_id = c.id`,
 * meaning exactly what `evaluateCondition` means: a rule on an unknown (NULL) fact is false, never NULL, so `not`
 * of it is true; text compares exactly (case-sensitive), as `===` does.
 */
export function conditionSql(sql: Sql, condition: Condition, now: Date): Fragment {
  const issues = checkCondition(condition);
  if (issues.length > 0) throw new ConditionSqlError(issues);
  return translate(sql, condition, now);
}

function translate(sql: Sql, c: Condition, now: Date): Fragment {
  if (isRule(c)) return ruleSql(sql, c, now);
  if ('not' in c) return sql`(NOT ${translate(sql, c.not, now)})`;
  const all = 'all' in c;
  const parts = (all ? c.all : c.any).map((child) => translate(sql, child, now));
  if (parts.length === 0) return all ? sql`true` : sql`false`;
  return sql`(${parts.reduce((acc, part) => (all ? sql`${acc} AND ${part}` : sql`${acc} OR ${part}`))})`;
}

function typed(sql: Sql, kind: Exclude<FieldKind, 'tags' | 'attribute'>, value: string | number | boolean): Fragment {
  switch (kind) {
    case 'number':
      return sql`${String(value)}::float8`;
    case 'boolean':
      // A real boolean: postgres.js serialises a bool parameter from `true`, not from the string 'true'.
      return sql`${value === true}::boolean`;
    default:
      return sql`${String(value)}::text`;
  }
}

function ruleSql(sql: Sql, rule: Rule, now: Date): Fragment {
  const field = conditionField(rule.field)!;
  const kind = field.kind;
  if (kind === 'tags') return tagsRuleSql(sql, rule);
  if (kind === 'attribute') return attributeRuleSql(sql, rule, now);
  const x = factSql(sql, rule.field, now);
  const v = rule.value as Exclude<ConditionValue, null>;
  const one = (value: string | number | boolean) => typed(sql, kind, value);
  const list = (values: Array<string | number | boolean>) => values.map(one).reduce((acc, f) => sql`${acc}, ${f}`);
  let test: Fragment;
  switch (rule.op) {
    case 'eq':
      test = sql`${x} = ${one(v as string)}`;
      break;
    case 'ne':
      test = sql`${x} <> ${one(v as string)}`;
      break;
    case 'gt':
      test = sql`${x} > ${one(v as number)}`;
      break;
    case 'gte':
      test = sql`${x} >= ${one(v as number)}`;
      break;
    case 'lt':
      test = sql`${x} < ${one(v as number)}`;
      break;
    case 'lte':
      test = sql`${x} <= ${one(v as number)}`;
      break;
    case 'between': {
      const [min, max] = v as number[];
      test = sql`${x} BETWEEN ${one(min)} AND ${one(max)}`;
      break;
    }
    case 'in':
      test = (v as Array<string | number>).length === 0 ? sql`false` : sql`${x} IN (${list(v as Array<string | number>)})`;
      break;
    case 'notIn':
      test = (v as Array<string | number>).length === 0 ? sql`true` : sql`${x} NOT IN (${list(v as Array<string | number>)})`;
      break;
    default:
      throw new ConditionSqlError([{ code: 'condition.opNotAllowed', path: 'op', message: { ru: rule.op, en: rule.op } }]);
  }
  // An unknown fact makes the rule false (not NULL), so NOT and OR above it behave as in JavaScript. Fields that are
  // never NULL skip the CASE, so the bonus balance subquery runs once per row, not twice.
  return field.nullWhen ? sql`(CASE WHEN ${x} IS NULL THEN false ELSE coalesce(${test}, false) END)` : sql`coalesce(${test}, false)`;
}

/** `tags has "x"` as array containment, which the GIN index of 0230_customer_tags.sql serves; tags are never NULL. */
function tagsRuleSql(sql: Sql, rule: Rule): Fragment {
  const contains = sql`(c.tags @> ARRAY[${rule.value as string}::text])`;
  return rule.op === 'has' ? contains : sql`(NOT ${contains})`;
}

/**
 * A rule on an attribute over its JSON value, as evaluateRule reads it: equality needs the same type and value
 * (jsonb compares numbers as numbers, and the shortest decimal JSON gives a double orders and equals exactly as the
 * double does); ordering only between numbers; a missing attribute makes the rule false.
 */
function attributeRuleSql(sql: Sql, rule: Rule, now: Date): Fragment {
  const x = factSql(sql, rule.field, now);
  // Through text: a parameter typed jsonb would be JSON-encoded again by postgres.js (a string of the JSON).
  const json = (value: string | number | boolean) => sql`${JSON.stringify(value)}::text::jsonb`;
  const v = rule.value as Exclude<ConditionValue, null>;
  const number = sql`jsonb_typeof(${x}) = 'number'`;
  let test: Fragment;
  switch (rule.op) {
    case 'eq':
      test = sql`${x} = ${json(v as string)}`;
      break;
    case 'ne':
      test = sql`(jsonb_typeof(${x}) = jsonb_typeof(${json(v as string)}) AND ${x} <> ${json(v as string)})`;
      break;
    case 'gt':
      test = sql`(${number} AND ${x} > ${json(v as number)})`;
      break;
    case 'gte':
      test = sql`(${number} AND ${x} >= ${json(v as number)})`;
      break;
    case 'lt':
      test = sql`(${number} AND ${x} < ${json(v as number)})`;
      break;
    case 'lte':
      test = sql`(${number} AND ${x} <= ${json(v as number)})`;
      break;
    case 'in':
    case 'notIn': {
      const values = v as Array<string | number | boolean>;
      const found = values.length === 0 ? sql`false` : sql`${x} IN (${values.map(json).reduce((acc, f) => sql`${acc}, ${f}`)})`;
      test = rule.op === 'in' ? found : sql`(NOT ${found})`;
      break;
    }
    default:
      throw new ConditionSqlError([{ code: 'condition.opNotAllowed', path: 'op', message: { ru: rule.op, en: rule.op } }]);
  }
  return sql`(CASE WHEN ${x} IS NULL THEN false ELSE coalesce(${test}, false) END)`;
}
