import { z } from 'zod';
import { MAX_BATCH } from './batch';
import { CustomerRecordSchema, EventRecordSchema, OrderRecordSchema } from './records';

/**
 * JSON Schemas of the ingest request bodies for the OpenAPI document. The routes validate each record themselves
 * (a bad record is reported, not a 400 for the batch), so the body is declared as "anything" with this shape attached.
 */
const recordSchema = (schema: z.ZodType) => {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
};

export const customersBodyDoc = { type: 'array', maxItems: MAX_BATCH, items: recordSchema(CustomerRecordSchema) };
export const ordersBodyDoc = { type: 'array', maxItems: MAX_BATCH, items: recordSchema(OrderRecordSchema) };
export const eventsBodyDoc = { type: 'array', maxItems: MAX_BATCH, items: recordSchema(EventRecordSchema) };
