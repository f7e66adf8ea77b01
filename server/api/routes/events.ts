import { z } from '@hono/zod-openapi';
import { MAX_BATCH } from '../../ingest/batch';
import { ingestEvents } from '../../ingest/events';
import { batchErrorToApi } from '../../ingest/httpErrors';
import { eventsBodyDoc } from '../../ingest/openapi';
import { EVENT_DATA_LIMITS } from '../../ingest/records';
import { BatchResponseSchema } from '../../ingest/resultSchemas';
import { MAX_EVENT_AGE_HOURS } from '../../entries/deliver';
import { defineRoute, type App } from '../route';
import { INGEST_ACCESS, INGEST_BODY_LIMIT } from './customers-ingest';

const ingest = defineRoute({
  method: 'post',
  path: '/api/events',
  tags: ['Ingest'],
  summary: 'Report custom events of customers (idempotent by id); they start scenarios with an event trigger',
  description: [
    `Body: a JSON array of up to ${MAX_BATCH} events \`{ id, customerId, type, at, data? }\`.`,
    '`type` is what a scenario\'s «Событие» (custom event) trigger names, e.g. `cart_abandoned`. `data` is a JSON object the scenario\'s messages may quote as `{{ event.data.<key> }}` ' +
      `(at most ${EVENT_DATA_LIMITS.bytes} bytes, ${EVENT_DATA_LIMITS.depth} levels deep).`,
    'Valid records are stored in one transaction and invalid ones reported per record (index, id, field, reason); an event of an unknown customer is rejected.',
    'Idempotent by `id`: an event already stored is a `duplicate`, changes nothing and starts nothing, so a retried batch never enters a customer twice.',
    `Each new event may start every active scenario whose trigger names its type, once per event, as its re-entry rule and audience allow; events that happened more than ${MAX_EVENT_AGE_HOURS} hours before they arrive are stored but start nothing. Delivery goes through a durable outbox: an event accepted here starts its scenarios even if Temporal is briefly away.`,
  ].join('\n\n'),
  access: INGEST_ACCESS,
  bodyLimit: INGEST_BODY_LIMIT,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.any().meta({
            ...eventsBodyDoc,
            description: 'An array of custom event records',
            example: [{ id: 'evt-9f2c', customerId: 'c-1001', type: 'cart_abandoned', at: '2025-03-10T09:15:00+03:00', data: { cart: 'Капучино ×2', total: 520 } }],
          }),
        },
      },
    },
  },
  responses: { 200: { description: 'Per-record results', content: { 'application/json': { schema: BatchResponseSchema } } } },
});

export function register(app: App) {
  app.openapi(ingest, async (c) => {
    const { sql, onEventsIngested } = c.var.deps;
    const body = c.req.valid('json');
    const { results, summary, fresh } = await ingestEvents(sql, body).catch((e) => {
      throw batchErrorToApi(e);
    });
    if (fresh > 0) onEventsIngested?.();
    return c.json({ summary, results }, 200);
  });
}
