import { z } from '@hono/zod-openapi';
import { MAX_BATCH } from '../../ingest/batch';
import { batchErrorToApi } from '../../ingest/httpErrors';
import { ingestOrders } from '../../ingest/orders';
import { ordersBodyDoc } from '../../ingest/openapi';
import { BatchResponseSchema } from '../../ingest/resultSchemas';
import { defineRoute, type App } from '../route';
import { INGEST_ACCESS, INGEST_BODY_LIMIT } from './customers-ingest';

const ingest = defineRoute({
  method: 'post',
  path: '/api/orders',
  tags: ['Ingest'],
  summary: 'Ingest a batch of orders (idempotent by id)',
  description: [
    `Body: a JSON array of up to ${MAX_BATCH} orders \`{ id, customerId, amount, placedAt, items?: [{ sku, name, category?, qty, price }], bonusSpent? }\`.`,
    'Valid records are applied in one transaction and invalid ones reported per record (index, id, field, reason); an order of an unknown customer is rejected.',
    'Idempotent by `id`: an order already stored is a `duplicate` and changes nothing (differing fields are listed as warnings), so a retried batch never counts a purchase or spends points twice.',
    '`bonusSpent` redeems points from grants valid at `placedAt`, soonest-expiring first. When fewer points were available the order is still accepted, the available points are redeemed and a warning says how many; the balance never goes below zero.',
    'Customer statistics (order count, total, average check, first/last order, average days between orders, favourite category) are recomputed for the affected customers in the same transaction, so out-of-order arrival is fine.',
  ].join('\n\n'),
  access: INGEST_ACCESS,
  bodyLimit: INGEST_BODY_LIMIT,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.any().meta({
            ...ordersBodyDoc,
            description: 'An array of order records',
            example: [{ id: 'o-17', customerId: 'c-1001', amount: 1150.5, placedAt: '2025-03-10T09:15:00+03:00', bonusSpent: 100, items: [{ sku: 'COF-CAP', name: 'Капучино', category: 'Кофе', qty: 2, price: 260 }] }],
          }),
        },
      },
    },
  },
  responses: { 200: { description: 'Per-record results', content: { 'application/json': { schema: BatchResponseSchema } } } },
});

export function register(app: App) {
  app.openapi(ingest, async (c) => {
    const { sql, onOrdersIngested } = c.var.deps;
    const body = c.req.valid('json');
    const { results, summary } = await ingestOrders(sql, body, {
      onOrdersIngested,
      onHookError: (error) => c.var.log.error({ err: error }, 'order ingest: telling live runs about new orders failed'),
    }).catch((e) => {
      throw batchErrorToApi(e);
    });
    return c.json({ summary, results }, 200);
  });
}
