import type { z } from 'zod';

/** A problem with one field of one record, for the integrator (English) and for a marketer (Russian). */
export interface FieldIssue {
  field: string;
  message: string;
  messageRu: string;
}

/** Custom issues carry their Russian text in params.ru; zod's own issues are translated here. */
export function describeIssue(issue: z.core.$ZodIssue): FieldIssue {
  const field = issue.path.map(String).join('.');
  const params = (issue as { params?: { ru?: string } }).params;
  if (issue.code === 'custom') return { field, message: issue.message, messageRu: params?.ru ?? issue.message };
  const [en, ru] = translate(issue);
  return { field, message: en, messageRu: ru };
}

function translate(issue: z.core.$ZodIssue): [string, string] {
  switch (issue.code) {
    case 'invalid_type':
      if ((issue as { input?: unknown }).input === undefined) return ['is required', 'обязательное поле'];
      return [`must be ${article(issue.expected)}`, `должно быть ${typeRu(issue.expected)}`];
    case 'too_small': {
      const n = String(issue.minimum);
      if (issue.origin === 'string') return issue.minimum === 1 ? ['must not be empty', 'не должно быть пустым'] : [`must be at least ${n} characters`, `не короче ${n} символов`];
      if (issue.origin === 'array') return [`must have at least ${n} elements`, `нужно не меньше ${n} элементов`];
      return issue.inclusive ? [`must be ≥ ${n}`, `должно быть не меньше ${n}`] : [`must be > ${n}`, `должно быть больше ${n}`];
    }
    case 'too_big': {
      const n = String(issue.maximum);
      if (issue.origin === 'string') return [`must be at most ${n} characters`, `не длиннее ${n} символов`];
      if (issue.origin === 'array') return [`must have at most ${n} elements`, `не больше ${n} элементов`];
      return issue.inclusive ? [`must be ≤ ${n}`, `должно быть не больше ${n}`] : [`must be < ${n}`, `должно быть меньше ${n}`];
    }
    case 'invalid_value':
      return [`must be one of: ${issue.values.map(String).join(', ')}`, `допустимые значения: ${issue.values.map(String).join(', ')}`];
    case 'unrecognized_keys':
      return [`unknown field(s): ${issue.keys.join(', ')}`, `неизвестные поля: ${issue.keys.join(', ')}`];
    case 'invalid_format':
      return [`has an invalid format (${issue.format})`, `неверный формат (${issue.format})`];
    default:
      return [issue.message, issue.message];
  }
}

function article(type: string): string {
  return type === 'object' || type === 'array' || type === 'integer' ? `an ${type}` : `a ${type}`;
}

function typeRu(type: string): string {
  const names: Record<string, string> = { string: 'строкой', number: 'числом', int: 'целым числом', boolean: 'да/нет', object: 'объектом', array: 'списком' };
  return names[type] ?? type;
}
