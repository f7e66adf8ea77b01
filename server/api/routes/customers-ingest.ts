import { z } from '@hono/zod-openapi';
import { MAX_BATCH } from '../../ingest/batch';
import { upsertCustomers } from '../../ingest/customers';
import { batchErrorToApi } from '../../ingest/httpErrors';
import { customersBodyDoc } from '../../ingest/openapi';
import { BatchResponseSchema } from '../../ingest/resultSchemas';
import { actorOf, defineRoute, type App } from '../route';

/** Admins and integrations with an `ingest` token (1C, МойСклад, a POS). */
export const INGEST_ACCESS = { roles: [], token: 'ingest' } as const;
/** 10,000 records with every field fit comfortably. */
export const INGEST_BODY_LIMIT = 64 * 1024 * 1024;

const upsert = defineRoute({
  method: 'post',
  path: '/api/customers',
  tags: ['Ingest'],
  summary: 'Upsert a batch of customers',
  description: [
    `Body: a JSON array of up to ${MAX_BATCH} customers \`{ id, name?, phone?, email?, telegramChatId?, pushToken?, city?, cardType?: "regular"|"vip", registeredAt, timezone?, subscriptions?: { sms?, email?, telegram?, push? }, consentAt? }\`.`,
    'Each record is validated on its own: valid records are applied, invalid ones are reported with the field and reason; the answer lists every record by its index.',
    'A field left out keeps its stored value; `null` clears it. Phones are normalised to +7XXXXXXXXXX, emails to lower case; `timezone` must be an IANA name.',
    '`registeredAt` is ISO-8601 with an offset, or a date YYYY-MM-DD (midnight Moscow time).',
    'Consent is a record: an opt-out made in Comeback (support, a blocked bot or STOP, an unsubscribe link) wins over `subscriptions.<channel>: true` unless the record carries `consentAt` later than the opt-out. Such a channel stays unsubscribed and is listed in the record\'s `keptOptOut` (with a warning saying since when); `summary.keptOptOut` counts these records. Every change of consent goes into the customer\'s consent history with this token or user.',
    'Statuses: `accepted` (new), `updated` (changed), `duplicate` (nothing changed), `rejected`. Not an array → 400; more than 10,000 records → 413.',
  ].join('\n\n'),
  access: INGEST_ACCESS,
  bodyLimit: INGEST_BODY_LIMIT,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.any().meta({
            ...customersBodyDoc,
            description: 'An array of customer records',
            example: [{ id: 'c-1001', name: 'Анна Смирнова', phone: '+7 912 345-67-89', email: 'anna@example.ru', city: 'Казань', registeredAt: '2024-03-05T12:00:00+03:00', subscriptions: { sms: true, email: true }, consentAt: '2024-03-05T12:00:00+03:00' }],
          }),
        },
      },
    },
  },
  responses: { 200: { description: 'Per-record results', content: { 'application/json': { schema: BatchResponseSchema } } } },
});

export function register(app: App) {
  app.openapi(upsert, async (c) => {
    const body = c.req.valid('json');
    const result = await upsertCustomers(c.var.deps.sql, body, { source: 'ingest', ...actorOf(c) }).catch((e) => {
      throw batchErrorToApi(e);
    });
    return c.json(result, 200);
  });
}
