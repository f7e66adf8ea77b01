import { plural, type Lang } from '../../../shared/i18n';
import { ATTRIBUTE_FIELD_PREFIX, attributeField, CONDITION_FIELDS, conditionField, type FieldSpec } from '../../../shared/conditions/fields';
import { isRule, type Condition, type ConditionOp, type ConditionValue, type Rule } from '../../../shared/conditions/schema';

/**
 * Pure edits of a condition tree for the condition builder. A path is the list of child indexes from the root
 * (a `not` has its single child at index 0), so every edit returns a new tree and the document stays immutable.
 */

export type Path = readonly number[];
export type GroupKind = 'all' | 'any';

export function children(c: Condition): Condition[] {
  if ('all' in c) return c.all;
  if ('any' in c) return c.any;
  if ('not' in c) return [c.not];
  return [];
}

export function at(root: Condition, path: Path): Condition {
  return path.reduce<Condition>((node, i) => children(node)[i], root);
}

export function replaceAt(root: Condition, path: Path, update: (c: Condition) => Condition): Condition {
  if (path.length === 0) return update(root);
  const [head, ...rest] = path;
  const kids = children(root).map((child, i) => (i === head ? replaceAt(child, rest, update) : child));
  return withChildren(root, kids);
}

function withChildren(c: Condition, kids: Condition[]): Condition {
  if ('all' in c) return { all: kids };
  if ('any' in c) return { any: kids };
  if ('not' in c) return { not: kids[0] };
  return c;
}

export function removeAt(root: Condition, path: Path): Condition {
  if (path.length === 0) return { all: [] };
  const parentPath = path.slice(0, -1);
  const index = path[path.length - 1];
  const parent = at(root, parentPath);
  // Removing the only child of a `not` removes the `not` itself.
  if ('not' in parent) return removeAt(root, parentPath);
  return replaceAt(root, parentPath, (p) => withChildren(p, children(p).filter((_, i) => i !== index)));
}

export function append(root: Condition, groupPath: Path, child: Condition): Condition {
  return replaceAt(root, groupPath, (g) => ('all' in g || 'any' in g ? withChildren(g, [...children(g), child]) : g));
}

export function setGroupKind(root: Condition, path: Path, kind: GroupKind): Condition {
  return replaceAt(root, path, (g) => ('all' in g || 'any' in g ? ({ [kind]: children(g) } as Condition) : g));
}

/** Wraps the node in `not`, or unwraps it when it already is one. */
export function toggleNot(root: Condition, path: Path): Condition {
  return replaceAt(root, path, (c) => ('not' in c ? c.not : { not: c }));
}

export function groupKind(c: Condition): GroupKind | null {
  return 'all' in c ? 'all' : 'any' in c ? 'any' : null;
}

export function defaultValue(field: FieldSpec, op: ConditionOp): ConditionValue {
  if (op === 'between') return [0, 30];
  if (op === 'in' || op === 'notIn') return field.kind === 'enum' ? [field.values![0].value] : [];
  switch (field.kind) {
    case 'tags':
    case 'attribute':
      return '';
    case 'boolean':
      return true;
    case 'enum':
      return field.values![0].value;
    case 'string':
      return '';
    case 'number':
      return 0;
  }
}

/** The operator a field starts with: «не меньше» for numbers, «включают» for tags, «равно» otherwise. */
function firstOp(field: FieldSpec): ConditionOp {
  return field.kind === 'number' ? 'gte' : field.kind === 'tags' ? 'has' : 'eq';
}

export function newRule(fieldName = CONDITION_FIELDS[0].name): Rule {
  const field = conditionField(fieldName) ?? CONDITION_FIELDS[0];
  const op = firstOp(field);
  return { field: field.name, op, value: defaultValue(field, op) };
}

/** The key of a rule on an attribute (`attributes.level` → `level`, '' while not yet typed), or null for other fields. */
export function attributeKeyOfRule(rule: Rule): string | null {
  return rule.field.startsWith(ATTRIBUTE_FIELD_PREFIX) ? rule.field.slice(ATTRIBUTE_FIELD_PREFIX.length) : null;
}

/** The field spec of a rule, an attribute whose key is still being typed included (its ops, its label). */
export function ruleField(rule: Rule): FieldSpec | undefined {
  const key = attributeKeyOfRule(rule);
  return conditionField(rule.field) ?? (key === null ? undefined : attributeField(key));
}

/** A rule on an attribute: a new one (key to be typed) or the same rule with another key, operator and value kept. */
export function setAttributeKey(rule: Rule, key: string): Rule {
  if (attributeKeyOfRule(rule) !== null) return { ...rule, field: `${ATTRIBUTE_FIELD_PREFIX}${key}` };
  return { field: `${ATTRIBUTE_FIELD_PREFIX}${key}`, op: 'eq', value: '' };
}

/** A new field keeps the operator and value when they still make sense for it, otherwise gets sensible defaults. */
export function changeField(rule: Rule, fieldName: string): Rule {
  const field = conditionField(fieldName);
  if (!field) return { ...rule, field: fieldName };
  const old = conditionField(rule.field);
  const op = field.ops.includes(rule.op) ? rule.op : firstOp(field);
  const keepValue = old && old.kind === field.kind && field.kind !== 'enum' && op === rule.op;
  return { field: fieldName, op, value: keepValue ? rule.value : defaultValue(field, op) };
}

/** Changing the operator reshapes the value: a scalar, a [from, to] pair, or a list — carrying over what fits. */
export function changeOp(rule: Rule, op: ConditionOp): Rule {
  const field = ruleField(rule);
  const scalar = Array.isArray(rule.value) ? (rule.value[0] ?? null) : rule.value;
  if (op === 'between') {
    const from = typeof scalar === 'number' ? scalar : 0;
    return { ...rule, op, value: Array.isArray(rule.value) && rule.value.length === 2 ? rule.value : [from, from + 30] };
  }
  if (op === 'in' || op === 'notIn') {
    const list = Array.isArray(rule.value) ? rule.value : scalar === null || scalar === '' ? [] : [scalar];
    return { ...rule, op, value: list };
  }
  if (scalar === null && field) return { ...rule, op, value: defaultValue(field, op) };
  return { ...rule, op, value: scalar };
}

/** "Москва, Тверь" → ["Москва", "Тверь"]; numbers for numeric fields. */
export function parseList(text: string, kind: FieldSpec['kind']): Array<string | number> {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (kind !== 'number') return parts;
  return parts.map((p) => Number(p.replace(',', '.'))).filter((n) => Number.isFinite(n));
}

export function formatList(value: ConditionValue): string {
  return Array.isArray(value) ? value.join(', ') : value === null ? '' : String(value);
}

/** A one-line reading of a condition for the canvas and for screen readers. */
export function describeCondition(c: Condition, lang: Lang, opLabel: (op: ConditionOp) => string): string {
  if (isRule(c)) {
    const field = ruleField(c);
    const name = field ? field.label[lang] : c.field;
    const valueText = (v: unknown) => {
      const option = field?.values?.find((o) => o.value === v);
      if (option) return option.label[lang];
      if (v === true) return lang === 'ru' ? 'да' : 'yes';
      if (v === false) return lang === 'ru' ? 'нет' : 'no';
      return String(v);
    };
    const value = Array.isArray(c.value)
      ? c.op === 'between'
        ? `${valueText(c.value[0])}–${valueText(c.value[1])}`
        : c.value.map(valueText).join(', ')
      : valueText(c.value);
    // The unit agrees with the number next to it: «≥ 21 день», «1–5 дней».
    const last = Array.isArray(c.value) ? c.value[c.value.length - 1] : c.value;
    const unit = field?.unitForms && typeof last === 'number' ? ` ${plural(lang, last, field.unitForms[lang])}` : field?.unit ? ` ${field.unit[lang]}` : '';
    return `${name} ${opLabel(c.op)} ${value}${unit}`;
  }
  if ('not' in c) return `${lang === 'ru' ? 'НЕ' : 'NOT'} (${describeCondition(c.not, lang, opLabel)})`;
  const kind = 'all' in c ? 'all' : 'any';
  const joiner = kind === 'all' ? (lang === 'ru' ? ' И ' : ' AND ') : lang === 'ru' ? ' ИЛИ ' : ' OR ';
  const parts = children(c).map((k) => (isRule(k) ? describeCondition(k, lang, opLabel) : `(${describeCondition(k, lang, opLabel)})`));
  return parts.join(joiner);
}
