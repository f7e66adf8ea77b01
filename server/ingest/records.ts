import { z } from 'zod';
import { normalizePhone } from './phone';
import { isIanaTimeZone } from '../../shared/time/zoned';
import { attributeKeyProblem, attributeValueProblem, normalizeTag, PROFILE_LIMITS, tagProblem, type Attributes } from '../../shared/conditions/profile';

/**
 * The wire format of `POST /api/customers` and `POST /api/orders` records (ARCHITECTURE.md §5), validated and
 * normalised: phones to +7XXXXXXXXXX, emails to lower case, instants to ISO-8601 UTC, money to kopecks precision.
 */

const custom = (ctx: z.RefinementCtx, en: string, ru: string) => ctx.addIssue({ code: 'custom', message: en, params: { ru } });

const Id = z.string().trim().min(1).max(100);
const Text = (max: number) => z.string().trim().max(max);

/** ISO-8601 with an offset ("2025-03-01T12:00:00+03:00", "…Z"), or a bare date, taken as midnight Moscow time. */
export const Instant = z.string().transform((value, ctx) => {
  const text = value.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const withOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text);
  const date = dateOnly ? new Date(`${text}T00:00:00+03:00`) : withOffset ? new Date(text) : null;
  if (!date || Number.isNaN(date.getTime()) || !realCalendarDate(text)) {
    custom(ctx, 'must be an ISO-8601 date-time with a time zone offset, e.g. 2025-03-01T12:00:00+03:00, or a date YYYY-MM-DD', 'нужна дата и время в формате ISO-8601 с часовым поясом или дата ГГГГ-ММ-ДД');
    return z.NEVER;
  }
  return date.toISOString();
}).meta({ description: 'ISO-8601 with an offset (2025-03-01T12:00:00+03:00) or a date YYYY-MM-DD (midnight Moscow time)', example: '2025-03-01T12:00:00+03:00' });

// JavaScript quietly rolls 2025-02-30 over to 2 March; a person who typed it made a mistake.
function realCalendarDate(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A JSON number or a numeric string ("1234.50"): integrations built on 1C often send money as strings. */
const NumberLike = z.unknown().transform((value, ctx) => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  if (value === undefined) custom(ctx, 'is required', 'обязательное поле');
  else custom(ctx, 'must be a number', 'должно быть числом');
  return z.NEVER;
});

/** Money in roubles, rounded to kopecks. */
export const Money = NumberLike.pipe(z.number().min(0).max(1e11))
  .transform((n) => Math.round(n * 100) / 100)
  .meta({ description: 'Roubles, ≥ 0: a JSON number or a numeric string ("1234.50")', example: 1234.5 });

const Phone = z.string().transform((value, ctx) => {
  const phone = normalizePhone(value);
  if (!phone) {
    custom(ctx, 'must be a Russian phone number: +7 and 10 digits, e.g. +7 912 345-67-89', 'нужен российский номер: +7 и 10 цифр, например +7 912 345-67-89');
    return z.NEVER;
  }
  return phone;
}).meta({ description: 'A Russian number in any common notation; stored as +7XXXXXXXXXX', example: '+7 912 345-67-89' });

const Email = z
  .string()
  .trim()
  .max(254)
  .transform((value, ctx) => {
    const email = value.toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      custom(ctx, 'must be an email address', 'нужен адрес электронной почты');
      return z.NEVER;
    }
    return email;
  });

const TimeZone = z
  .string()
  .trim()
  .refine(isIanaTimeZone, { message: 'must be an IANA time zone, e.g. Europe/Moscow', params: { ru: 'нужен часовой пояс IANA, например Europe/Moscow' } });

const TelegramChatId = z.unknown().transform((value, ctx) => {
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^-?\d{1,20}$/.test(text)) {
    custom(ctx, 'must be a numeric Telegram chat id', 'нужен числовой идентификатор чата Telegram');
    return z.NEVER;
  }
  return text;
});

const Subscriptions = z.strictObject({
  sms: z.boolean().optional(),
  email: z.boolean().optional(),
  telegram: z.boolean().optional(),
  push: z.boolean().optional(),
});

/** Clocks of the shop's systems may run a little ahead of ours; a consent further in the future is a mistake. */
const CONSENT_CLOCK_SKEW_MS = 5 * 60_000;

const ConsentAt = Instant.refine((iso) => Date.parse(iso) <= Date.now() + CONSENT_CLOCK_SKEW_MS, {
  message: 'must not be in the future',
  params: { ru: 'не может быть в будущем' },
}).meta({
  description:
    'When the customer gave the consents marked `true` in `subscriptions` (ISO-8601). Needed to subscribe a channel again after an opt-out made in Comeback (support, a blocked bot or STOP, an unsubscribe link): only a consent newer than the opt-out undoes it.',
  example: '2025-03-01T12:00:00+03:00',
});

/** Tags, normalised (trimmed, inner spaces as one) and without repeats; `null` is no tags. */
const Tags = z
  .array(z.string().max(1000))
  .max(PROFILE_LIMITS.tagsPerCustomer)
  .nullable()
  .transform((tags, ctx) => {
    const out: string[] = [];
    for (const [i, tag] of (tags ?? []).entries()) {
      const problem = tagProblem(tag);
      if (problem) ctx.addIssue({ code: 'custom', path: [i], message: problem.en, params: { ru: problem.ru } });
      else if (!out.includes(normalizeTag(tag))) out.push(normalizeTag(tag));
    }
    return out;
  })
  .meta({
    description: `The customer's tags (each up to ${PROFILE_LIMITS.tagLength} characters, at most ${PROFILE_LIMITS.tagsPerCustomer}). Replaces the whole set, tags scenarios put on included; leave it out to keep them; null clears.`,
    example: ['оптовик', 'звонили'],
  });

/** Attributes: keys from ATTRIBUTE_KEY_PATTERN, values texts, numbers or true/false; `null` is none. */
const AttributesMap = z
  .record(z.string().max(1000), z.unknown())
  .nullable()
  .transform((map, ctx) => {
    const out: Attributes = {};
    const entries = Object.entries(map ?? {});
    if (entries.length > PROFILE_LIMITS.attributesPerCustomer) {
      custom(ctx, `at most ${PROFILE_LIMITS.attributesPerCustomer} attributes`, `не больше ${PROFILE_LIMITS.attributesPerCustomer} атрибутов`);
    }
    for (const [key, value] of entries) {
      const problem = attributeKeyProblem(key) ?? attributeValueProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem.en, params: { ru: problem.ru } });
      else out[key] = value as Attributes[string];
    }
    return out;
  })
  .meta({
    description: `Attributes: keys of letters, digits and _ (a letter first, up to ${PROFILE_LIMITS.keyLength}), values texts (up to ${PROFILE_LIMITS.textLength} characters), numbers or true/false; at most ${PROFILE_LIMITS.attributesPerCustomer}. Replaces the whole map; leave it out to keep it; null clears.`,
    example: { level: 'gold', visits: 12 },
  });

/** A date of birth, YYYY-MM-DD: a real calendar date, not in the future, after 1900. */
const BirthDate = z
  .string()
  .trim()
  .superRefine((text, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !realCalendarDate(text)) {
      custom(ctx, 'must be a date YYYY-MM-DD, e.g. 1990-04-17', 'нужна дата в формате ГГГГ-ММ-ДД, например 1990-04-17');
    } else if (text < '1900-01-01' || text > new Date().toISOString().slice(0, 10)) {
      custom(ctx, 'must be between 1900-01-01 and today', 'должна быть между 1900-01-01 и сегодняшним днём');
    }
  })
  .meta({ description: 'Date of birth, YYYY-MM-DD (the «День рождения» trigger)', example: '1990-04-17' });

/**
 * A customer. Upsert semantics: a field left out keeps its stored value; `null` clears it. `registeredAt` is
 * required because a new customer cannot exist without it. `consentAt` is not stored on the customer: it goes
 * with the subscriptions of this record into their consent history.
 */
export const CustomerRecordSchema = z.strictObject({
  id: Id,
  name: Text(200).nullable().optional(),
  phone: Phone.nullable().optional(),
  email: Email.nullable().optional(),
  telegramChatId: TelegramChatId.nullable().optional(),
  pushToken: Text(4096).nullable().optional(),
  city: Text(100).nullable().optional(),
  cardType: z.enum(['regular', 'vip']).optional(),
  registeredAt: Instant,
  timezone: TimeZone.nullable().optional(),
  birthDate: BirthDate.nullable().optional(),
  subscriptions: Subscriptions.optional(),
  consentAt: ConsentAt.nullable().optional(),
  tags: Tags.optional(),
  attributes: AttributesMap.optional(),
});
export type CustomerRecord = z.output<typeof CustomerRecordSchema>;

export const OrderItemSchema = z.strictObject({
  sku: Id,
  name: Text(300).min(1),
  category: Text(100).nullable().optional(),
  qty: NumberLike.pipe(z.number().gt(0).max(1e6)).meta({ description: '> 0; a number or a numeric string', example: 2 }),
  price: Money,
});

/** An order. Immutable once ingested: the same `id` again is a duplicate, whatever it carries. */
export const OrderRecordSchema = z.strictObject({
  id: Id,
  customerId: Id,
  amount: Money,
  placedAt: Instant,
  items: z.array(OrderItemSchema).max(1000).optional(),
  bonusSpent: z.number().int().min(0).max(1e9).default(0),
});
export type OrderRecord = z.output<typeof OrderRecordSchema>;

/** The most a custom event's `data` may hold, as JSON text, and how deep it may nest. */
export const EVENT_DATA_LIMITS = { bytes: 8192, depth: 6 } as const;

/** Depth of a JSON value (a scalar is 0), counted without recursion so a hostile nesting cannot exhaust the stack. */
function jsonDepth(value: unknown, stopAt: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (d > deepest) deepest = d;
    if (deepest > stopAt) return deepest;
    if (v && typeof v === 'object') for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return deepest;
}

const EventData = z
  .record(z.string().max(64), z.unknown())
  .superRefine((data, ctx) => {
    if (jsonDepth(data, EVENT_DATA_LIMITS.depth) > EVENT_DATA_LIMITS.depth) {
      custom(ctx, `nests deeper than ${EVENT_DATA_LIMITS.depth} levels`, `вложенность глубже ${EVENT_DATA_LIMITS.depth} уровней`);
      return;
    }
    const bytes = Buffer.byteLength(JSON.stringify(data));
    if (bytes > EVENT_DATA_LIMITS.bytes) custom(ctx, `is ${bytes} bytes as JSON; at most ${EVENT_DATA_LIMITS.bytes}`, `занимает ${bytes} байт в JSON; можно не больше ${EVENT_DATA_LIMITS.bytes}`);
  })
  .meta({ description: `Anything the scenario's messages may quote as {{ event.data.<key> }}: a JSON object of at most ${EVENT_DATA_LIMITS.bytes} bytes, ${EVENT_DATA_LIMITS.depth} levels deep`, example: { cart: 'Капучино ×2', total: 520 } });

/**
 * A custom event from the shop's systems (POST /api/events). Immutable once ingested: the same `id` again is a
 * duplicate and starts nothing.
 */
export const EventRecordSchema = z.strictObject({
  id: Id,
  customerId: Id,
  type: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'latin letters, digits, _ . : - only')
    .meta({ description: 'The event type a scenario\'s «Событие» trigger names', example: 'cart_abandoned' }),
  at: Instant,
  data: EventData.optional(),
});
export type EventRecord = z.output<typeof EventRecordSchema>;
