import type { Text } from '../i18n/text';
import { ATTRIBUTE_FIELD_PREFIX, conditionField, type FieldSpec } from './fields';
import { attributeKeyProblem, attributeValueProblem, normalizeTag, tagProblem } from './profile';
import { isRule, type Condition, type ConditionOp, type Rule } from './condition';

/** Something wrong with a condition, for people; `path` points into the condition, e.g. `all[1].value`. */
export interface ConditionIssue {
  code: 'condition.unknownField' | 'condition.opNotAllowed' | 'condition.valueType' | 'condition.valueRange';
  path: string;
  message: Text;
}

const OP_WORDS: Record<ConditionOp, Text> = {
  eq: { ru: '«равно»', en: '"equals"' },
  ne: { ru: '«не равно»', en: '"not equal"' },
  gt: { ru: '«больше»', en: '"greater than"' },
  gte: { ru: '«не меньше»', en: '"at least"' },
  lt: { ru: '«меньше»', en: '"less than"' },
  lte: { ru: '«не больше»', en: '"at most"' },
  in: { ru: '«одно из»', en: '"one of"' },
  notIn: { ru: '«ни одно из»', en: '"none of"' },
  between: { ru: '«между»', en: '"between"' },
  has: { ru: '«есть»', en: '"has"' },
  hasNot: { ru: '«нет»', en: '"has not"' },
};

export function opWord(op: ConditionOp) {
  return OP_WORDS[op];
}

/** Every problem in a condition tree: unknown fields, operators that do not fit the field, values of the wrong type. */
export function checkCondition(condition: Condition, path = ''): ConditionIssue[] {
  const issues: ConditionIssue[] = [];
  walk(condition, path, issues);
  return issues;
}

function walk(c: Condition, path: string, issues: ConditionIssue[]): void {
  if (isRule(c)) return checkRule(c, path, issues);
  const join = (p: string) => (path ? `${path}.${p}` : p);
  if ('all' in c) c.all.forEach((child, i) => walk(child, join(`all[${i}]`), issues));
  else if ('any' in c) c.any.forEach((child, i) => walk(child, join(`any[${i}]`), issues));
  else walk(c.not, join('not'), issues);
}

function checkRule(rule: Rule, path: string, issues: ConditionIssue[]): void {
  const at = (p: string) => (path ? `${path}.${p}` : p);
  const field = conditionField(rule.field);
  if (!field) {
    issues.push({
      code: 'condition.unknownField',
      path: at('field'),
      message: rule.field.startsWith(ATTRIBUTE_FIELD_PREFIX)
        ? (attributeKeyProblem(rule.field.slice(ATTRIBUTE_FIELD_PREFIX.length)) ?? { ru: `неизвестное поле «${rule.field}»`, en: `unknown field "${rule.field}"` })
        : { ru: `неизвестное поле «${rule.field}»`, en: `unknown field "${rule.field}"` },
    });
    return;
  }
  const name = field.label;
  if (!field.ops.includes(rule.op)) {
    issues.push({
      code: 'condition.opNotAllowed',
      path: at('op'),
      message: {
        ru: `для поля «${name.ru}» нельзя использовать сравнение ${OP_WORDS[rule.op].ru}`,
        en: `field "${name.en}" cannot be compared with ${OP_WORDS[rule.op].en}`,
      },
    });
    return;
  }
  const problem = valueProblem(field, rule);
  if (problem) issues.push({ code: problem.range ? 'condition.valueRange' : 'condition.valueType', path: at('value'), message: problem.message });
}

function isScalarOf(field: FieldSpec, v: unknown): boolean {
  switch (field.kind) {
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'enum':
      return typeof v === 'string' && (field.values ?? []).some((e) => e.value === v);
    case 'tags':
      // A tag as it is stored: a value no tag can equal would make `has` silently never true.
      return typeof v === 'string' && tagProblem(v) === null && normalizeTag(v) === v;
    case 'attribute':
      return attributeValueProblem(v) === null;
  }
}

function expected(field: FieldSpec): Text {
  switch (field.kind) {
    case 'number':
      return { ru: 'число', en: 'a number' };
    case 'boolean':
      return { ru: 'да или нет (true/false)', en: 'true or false' };
    case 'string':
      return { ru: 'текст', en: 'a text' };
    case 'enum': {
      const values = field.values ?? [];
      return { ru: `одно из: ${values.map((e) => e.value).join(', ')}`, en: `one of: ${values.map((e) => e.value).join(', ')}` };
    }
    case 'tags':
      return { ru: 'тег: непустой текст до 60 символов без пробелов по краям', en: 'a tag: a non-empty text of up to 60 characters, not starting or ending with a space' };
    case 'attribute':
      return { ru: 'текст (до 200 символов), число или да/нет', en: 'a text (up to 200 characters), a number or true/false' };
  }
}

function valueProblem(field: FieldSpec, rule: Rule): { range?: boolean; message: Text } | null {
  const name = field.label;
  const want = expected(field);
  const v = rule.value;
  if (rule.op === 'between') {
    if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => isScalarOf(field, x))) {
      return {
        message: {
          ru: `«${name.ru}» между: нужно два числа [от, до]`,
          en: `"${name.en}" between: expected two numbers [min, max]`,
        },
      };
    }
    if ((v[0] as number) > (v[1] as number)) {
      return {
        range: true,
        message: {
          ru: `«${name.ru}» между: начало ${v[0]} больше конца ${v[1]}`,
          en: `"${name.en}" between: min ${v[0]} is greater than max ${v[1]}`,
        },
      };
    }
    return null;
  }
  if (rule.op === 'in' || rule.op === 'notIn') {
    if (!Array.isArray(v) || !v.every((x) => isScalarOf(field, x))) {
      return {
        message: {
          ru: `«${name.ru}» ${OP_WORDS[rule.op].ru}: нужен список, каждый элемент — ${want.ru}`,
          en: `"${name.en}" ${OP_WORDS[rule.op].en}: expected a list, each item ${want.en}`,
        },
      };
    }
    if (v.length === 0) {
      return { range: true, message: { ru: `«${name.ru}»: список значений пуст`, en: `"${name.en}": the list of values is empty` } };
    }
    return null;
  }
  if (!isScalarOf(field, v)) {
    return { message: { ru: `«${name.ru}»: значение должно быть — ${want.ru}`, en: `"${name.en}": the value must be ${want.en}` } };
  }
  // Attributes order numbers only: text would order by collation, and SQL and JS must agree exactly.
  if (field.kind === 'attribute' && ['gt', 'gte', 'lt', 'lte'].includes(rule.op) && typeof v !== 'number') {
    return {
      message: {
        ru: `«${name.ru}» ${OP_WORDS[rule.op].ru}: сравнивать так можно только с числом`,
        en: `"${name.en}" ${OP_WORDS[rule.op].en}: only a number can be compared this way`,
      },
    };
  }
  return null;
}
