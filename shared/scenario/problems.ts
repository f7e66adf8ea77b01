import type { z } from 'zod';

/** One thing wrong with a scenario document, for the marketer (ru) and the integrator (en, codes, paths). */
export interface Problem {
  severity: 'error' | 'warning';
  /** Stable machine code, e.g. `graph.cycle`, `node.config`, `sms.segments` (see PROBLEM_CODES). */
  code: ProblemCode;
  nodeId?: string;
  edge?: { from: string; port: string; to: string };
  /** Where in the document, e.g. `nodes[3].config.days`, `edges[2]`, `settings.timezone`. */
  path?: string;
  message: { ru: string; en: string };
}

export const PROBLEM_CODES = [
  'document.invalid',
  'settings.timezone',
  'settings.quietHours',
  'node.unknownType',
  'node.duplicateId',
  'node.config',
  'trigger.missing',
  'trigger.multiple',
  'trigger.incoming',
  'edge.unknownNode',
  'edge.unknownPort',
  'edge.portTaken',
  'graph.cycle',
  'node.unreachable',
  'condition.unknownField',
  'condition.opNotAllowed',
  'condition.valueType',
  'condition.valueRange',
  'abSplit.duplicateKey',
  'abSplit.unknownWinner',
  'abSplit.reservedKey',
  'grantBonus.expiry',
  'template.syntax',
  'template.budget',
  'template.unknownVariable',
  'template.noBonus',
  'path.tooManyMessages',
  'bonus.overBudget',
  'sms.segments',
  'reminder.noBonus',
  'email.noSubject',
  'waitUntil.weekdays',
  'waitUntil.quietHours',
  'webhook.unknownEndpoint',
  'webhook.endpointDisabled',
  'webhook.duplicateField',
  'segmentTrigger.unknownSegment',
  'updateCustomer.noActions',
  'updateCustomer.tag',
  'updateCustomer.key',
  'updateCustomer.value',
  'updateCustomer.contradiction',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Thrown by `compileScenario` for a document that is not publishable. */
export class ScenarioInvalidError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`Scenario is not valid: ${problems.filter((p) => p.severity === 'error').map((p) => p.message.en).join('; ')}`);
    this.name = 'ScenarioInvalidError';
  }
}

type Gender = 'm' | 'f' | 'n' | 'pl';
interface FieldName {
  ru: string;
  en: string;
  g: Gender;
}

/** Config fields in words, for messages like «число дней должно быть от 0 до 365». */
const CONFIG_FIELDS: Record<string, FieldName> = {
  at: { ru: 'время запуска', en: 'start time', g: 'n' },
  days: { ru: 'число дней', en: 'number of days', g: 'n' },
  hours: { ru: 'число часов', en: 'number of hours', g: 'n' },
  channel: { ru: 'канал', en: 'channel', g: 'm' },
  fallbackChannels: { ru: 'запасные каналы', en: 'fallback channels', g: 'pl' },
  text: { ru: 'текст', en: 'text', g: 'm' },
  subject: { ru: 'тема письма', en: 'email subject', g: 'f' },
  withinDays: { ru: 'период проверки (дней)', en: 'period to check (days)', g: 'm' },
  minAmount: { ru: 'минимальная сумма заказа', en: 'minimum order amount', g: 'f' },
  points: { ru: 'число баллов', en: 'number of points', g: 'n' },
  expiresInDays: { ru: 'срок действия (дней)', en: 'lifetime (days)', g: 'm' },
  expiresInHours: { ru: 'срок действия (часов)', en: 'lifetime (hours)', g: 'm' },
  count: { ru: 'что считать', en: 'what to count', g: 'n' },
  scope: { ru: 'область подсчёта', en: 'scope', g: 'f' },
  max: { ru: 'максимум', en: 'maximum', g: 'm' },
  periodDays: { ru: 'период (дней)', en: 'period (days)', g: 'm' },
  variants: { ru: 'варианты', en: 'variants', g: 'pl' },
  key: { ru: 'ключ варианта', en: 'variant key', g: 'm' },
  label: { ru: 'название', en: 'label', g: 'n' },
  weight: { ru: 'вес варианта', en: 'variant weight', g: 'm' },
  holdoutPct: { ru: 'доля контрольной группы, %', en: 'holdout share, %', g: 'f' },
  role: { ru: 'роль исполнителя', en: 'assignee role', g: 'f' },
  condition: { ru: 'условие', en: 'condition', g: 'n' },
  mode: { ru: 'режим ожидания', en: 'wait mode', g: 'm' },
  time: { ru: 'время', en: 'time', g: 'n' },
  weekdays: { ru: 'дни недели', en: 'weekdays', g: 'pl' },
  atCustomerHour: { ru: 'отправка в обычный час клиента', en: 'send at the customer’s hour', g: 'f' },
  actions: { ru: 'действия', en: 'actions', g: 'pl' },
  kind: { ru: 'действие', en: 'action', g: 'n' },
  tag: { ru: 'тег', en: 'tag', g: 'm' },
  eventType: { ru: 'тип события', en: 'event type', g: 'm' },
  segmentId: { ru: 'сегмент', en: 'segment', g: 'm' },
  firstOrder: { ru: 'только первый заказ', en: 'first order only', g: 'n' },
  category: { ru: 'категория товара', en: 'product category', g: 'f' },
  reentry: { ru: 'повторный вход', en: 're-entry', g: 'm' },
  before: { ru: 'за сколько до сгорания', en: 'how long before expiry', g: 'n' },
  unit: { ru: 'единица (дни или часы)', en: 'unit (days or hours)', g: 'f' },
  daysBefore: { ru: 'за сколько дней', en: 'days before', g: 'n' },
  minPoints: { ru: 'минимум баллов', en: 'minimum points', g: 'm' },
  // Document level.
  format: { ru: 'формат документа', en: 'document format', g: 'm' },
  name: { ru: 'название сценария', en: 'scenario name', g: 'n' },
  description: { ru: 'описание', en: 'description', g: 'n' },
  settings: { ru: 'настройки', en: 'settings', g: 'pl' },
  timezone: { ru: 'часовой пояс', en: 'time zone', g: 'm' },
  quietHours: { ru: 'тихие часы', en: 'quiet hours', g: 'pl' },
  start: { ru: 'начало', en: 'start', g: 'n' },
  end: { ru: 'конец', en: 'end', g: 'm' },
  stopOnPurchase: { ru: 'остановка при покупке', en: 'stop on purchase', g: 'f' },
  conversionWindowDays: { ru: 'окно конверсии (дней)', en: 'conversion window (days)', g: 'n' },
  budget: { ru: 'бюджет', en: 'budget', g: 'm' },
  avgCheck: { ru: 'средний чек', en: 'average check', g: 'm' },
  marginPct: { ru: 'маржа, %', en: 'margin, %', g: 'f' },
  maxShareOfMarginPct: { ru: 'доля маржи на возврат, %', en: 'share of margin for win-back, %', g: 'f' },
  nodes: { ru: 'узлы', en: 'nodes', g: 'pl' },
  edges: { ru: 'связи', en: 'edges', g: 'pl' },
  id: { ru: 'идентификатор', en: 'id', g: 'm' },
  type: { ru: 'тип узла', en: 'node type', g: 'm' },
  position: { ru: 'положение на холсте', en: 'canvas position', g: 'n' },
  from: { ru: 'начало связи', en: 'edge source', g: 'n' },
  to: { ru: 'конец связи', en: 'edge target', g: 'm' },
  port: { ru: 'выход', en: 'port', g: 'm' },
};

const FORMAT_HINTS: Record<string, { ru: string; en: string }> = {
  at: { ru: 'время в формате ЧЧ:ММ, например 10:00', en: 'a time as HH:MM, e.g. 10:00' },
  time: { ru: 'время в формате ЧЧ:ММ, например 11:00', en: 'a time as HH:MM, e.g. 11:00' },
  start: { ru: 'время в формате ЧЧ:ММ, например 21:00', en: 'a time as HH:MM, e.g. 21:00' },
  end: { ru: 'время в формате ЧЧ:ММ, например 09:00', en: 'a time as HH:MM, e.g. 09:00' },
  id: { ru: 'латинские буквы, цифры, _ и -', en: 'Latin letters, digits, _ and -' },
  from: { ru: 'латинские буквы, цифры, _ и -', en: 'Latin letters, digits, _ and -' },
  to: { ru: 'латинские буквы, цифры, _ и -', en: 'Latin letters, digits, _ and -' },
  key: { ru: 'латинские буквы, цифры, _ и -, до 32 символов', en: 'Latin letters, digits, _ and -, up to 32 characters' },
  eventType: { ru: 'латинские буквы, цифры и _ . : -, до 64 символов, например cart_abandoned', en: 'Latin letters, digits and _ . : -, up to 64 characters, e.g. cart_abandoned' },
};

const MUST: Record<Gender, string> = { m: 'должен', f: 'должна', n: 'должно', pl: 'должны' };

function fieldName(path: PropertyKey[]): FieldName {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === 'string') {
      const known = CONFIG_FIELDS[key];
      if (known) return variantPrefixed(path, i, known);
      return { ru: `поле «${key}»`, en: `field "${key}"`, g: 'n' };
    }
  }
  return { ru: 'настройки', en: 'settings', g: 'pl' };
}

/** «вес варианта 2» for `variants[1].weight`: people count from one. */
function variantPrefixed(path: PropertyKey[], i: number, name: FieldName): FieldName {
  if (path[0] === 'variants' && typeof path[1] === 'number' && i > 1) {
    return { ...name, ru: `${name.ru} ${path[1] + 1}`, en: `${name.en} ${path[1] + 1}` };
  }
  return name;
}

/** Walks a config schema down a path to find the number bounds it declares (for «от 0 до 365»). */
function schemaAt(schema: z.ZodType, path: PropertyKey[]): z.ZodType | null {
  let current: unknown = schema;
  for (const key of path) {
    current = unwrap(current);
    const s = current as { shape?: Record<string, unknown>; element?: unknown };
    if (typeof key === 'string' && s.shape) current = s.shape[key];
    else if (typeof key === 'number' && s.element) current = s.element;
    else return null;
    if (!current) return null;
  }
  return unwrap(current) as z.ZodType;
}

function unwrap(s: unknown): unknown {
  let current = s as { unwrap?: () => unknown; def?: { type?: string; innerType?: unknown } };
  while (current && (current.def?.type === 'optional' || current.def?.type === 'default' || current.def?.type === 'nullable')) {
    current = current.def.innerType as typeof current;
  }
  return current;
}

function bounds(schema: z.ZodType, path: PropertyKey[]): { min: number | null; max: number | null; int: boolean } | null {
  const s = schemaAt(schema, path) as unknown as { minValue?: number | null; maxValue?: number | null; isInt?: boolean; def?: { type?: string } } | null;
  if (!s || s.def?.type !== 'number') return null;
  const finite = (v: number | null | undefined) => (v === undefined || v === null || !Number.isFinite(v) || Math.abs(v) > 1e15 ? null : v);
  return { min: finite(s.minValue), max: finite(s.maxValue), int: Boolean(s.isInt) };
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A zod issue of a node config in words a marketer understands (never a zod dump). */
export function describeConfigIssue(issue: z.core.$ZodIssue, schema: z.ZodType, config: unknown): { ru: string; en: string } {
  const path = issue.path;
  const name = fieldName(path);
  const must = MUST[name.g];
  const numberRange = () => {
    const b = bounds(schema, path);
    if (b && b.min !== null && b.max !== null) {
      return { ru: `${name.ru} ${must} быть от ${b.min} до ${b.max}`, en: `${name.en} must be between ${b.min} and ${b.max}` };
    }
    return null;
  };
  switch (issue.code) {
    case 'invalid_type': {
      if (valueAt(config, path) === undefined) return { ru: `не заполнено: ${name.ru}`, en: `${name.en} is missing` };
      if (issue.expected === 'int') return { ru: `${name.ru} ${must} быть целым числом`, en: `${name.en} must be a whole number` };
      const expected = issue.expected === 'number' ? { ru: 'числом', en: 'a number' } : issue.expected === 'string' ? { ru: 'текстом', en: 'a text' } : issue.expected === 'array' ? { ru: 'списком', en: 'a list' } : issue.expected === 'boolean' ? { ru: 'да/нет', en: 'true or false' } : { ru: `типа ${issue.expected}`, en: `of type ${issue.expected}` };
      return { ru: `${name.ru} ${must} быть ${expected.ru}`, en: `${name.en} must be ${expected.en}` };
    }
    case 'too_small':
    case 'too_big': {
      if (issue.origin === 'number') {
        const range = numberRange();
        if (range) return range;
        const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        const strict = issue.inclusive === false;
        if (issue.code === 'too_small') {
          return strict
            ? { ru: `${name.ru} ${must} быть больше ${limit}`, en: `${name.en} must be greater than ${limit}` }
            : { ru: `${name.ru} ${must} быть не меньше ${limit}`, en: `${name.en} must be at least ${limit}` };
        }
        return { ru: `${name.ru} ${must} быть не больше ${limit}`, en: `${name.en} must be at most ${limit}` };
      }
      if (issue.origin === 'string') {
        if (issue.code === 'too_small' && Number(issue.minimum) <= 1) return { ru: `не заполнено: ${name.ru}`, en: `${name.en} is empty` };
        return issue.code === 'too_small'
          ? { ru: `${name.ru}: не короче ${issue.minimum} символов`, en: `${name.en}: at least ${issue.minimum} characters` }
          : { ru: `${name.ru}: не длиннее ${issue.maximum} символов`, en: `${name.en}: at most ${issue.maximum} characters` };
      }
      if (issue.origin === 'array') {
        return issue.code === 'too_small'
          ? { ru: `${name.ru}: нужно не меньше ${issue.minimum}`, en: `${name.en}: at least ${issue.minimum} needed` }
          : { ru: `${name.ru}: не больше ${issue.maximum}`, en: `${name.en}: at most ${issue.maximum}` };
      }
      break;
    }
    case 'invalid_format': {
      const hint = FORMAT_HINTS[String(path[path.length - 1])];
      if (hint) return { ru: `${name.ru}: ${hint.ru}`, en: `${name.en}: ${hint.en}` };
      return { ru: `${name.ru}: неверный формат`, en: `${name.en}: wrong format` };
    }
    case 'invalid_value':
      return {
        ru: `${name.ru}: допустимо одно из: ${issue.values.map(String).join(', ')}`,
        en: `${name.en}: expected one of ${issue.values.map(String).join(', ')}`,
      };
    case 'unrecognized_keys':
      return {
        ru: `лишние поля: ${issue.keys.join(', ')}`,
        en: `unknown fields: ${issue.keys.join(', ')}`,
      };
    case 'invalid_union':
      // A config that is a union by a `mode` (waitUntil): name the modes there are.
      if ('discriminator' in issue && Array.isArray((issue as { options?: unknown }).options)) {
        const options = (issue as { options: unknown[] }).options.map(String).join(', ');
        return valueAt(config, path) === undefined
          ? { ru: `не заполнено: ${name.ru} (${options})`, en: `${name.en} is missing (${options})` }
          : { ru: `${name.ru}: допустимо одно из: ${options}`, en: `${name.en}: expected one of ${options}` };
      }
      if (path[0] === 'condition' || path.includes('condition')) {
        return {
          ru: 'условие составлено неверно: нужна группа «все/любое/не» или правило «поле, сравнение, значение»',
          en: 'the condition is malformed: expected an all/any/not group or a field/op/value rule',
        };
      }
      return { ru: `${name.ru}: неверное значение`, en: `${name.en}: invalid value` };
    case 'custom': {
      // A schema that words its own problem (the condition size limits) passes the words in `params`.
      const own = issue.params as { ru?: unknown; en?: unknown } | undefined;
      if (typeof own?.ru === 'string' && typeof own.en === 'string') return { ru: own.ru, en: own.en };
      break;
    }
    default:
      break;
  }
  return { ru: `${name.ru}: неверное значение`, en: `${name.en}: invalid value` };
}

/** Document-level (envelope) issues, in words and with the exact path for integrators importing JSON. */
export function describeDocumentIssue(issue: z.core.$ZodIssue, schema: z.ZodType, input: unknown): { ru: string; en: string } {
  if (issue.path.length === 0 && issue.code === 'invalid_type') {
    return { ru: 'Это не документ сценария: ожидается JSON-объект формата scenario/v1', en: 'Not a scenario document: expected a scenario/v1 JSON object' };
  }
  const text = describeConfigIssue(issue, schema, input);
  const where = issue.path.length ? ` (${formatPath(issue.path)})` : '';
  return { ru: `Документ сценария${where}: ${text.ru}`, en: `Scenario document${where}: ${text.en}` };
}

export function formatPath(path: PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
}
