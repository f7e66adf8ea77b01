import { z } from '@hono/zod-openapi';
import { CHANNELS } from '../../shared/scenario/schema';

/** OpenAPI shapes of ingest responses (the runtime types live in batch.ts). */
export const FieldIssueSchema = z.object({
  field: z.string().meta({ example: 'amount' }),
  message: z.string().meta({ example: 'must be ≥ 0' }),
  messageRu: z.string().meta({ example: 'должно быть не меньше 0' }),
});

export const RecordResultSchema = z
  .object({
    index: z.number().int().meta({ description: 'Position of the record in the request array, from 0' }),
    id: z.string().nullable(),
    status: z.enum(['accepted', 'updated', 'duplicate', 'rejected']),
    issues: z.array(FieldIssueSchema).optional().meta({ description: 'Why a record was rejected' }),
    warnings: z.array(FieldIssueSchema).optional().meta({ description: 'Applied, but with a remark (e.g. fewer points available than bonusSpent)' }),
    keptOptOut: z
      .array(z.enum(CHANNELS))
      .optional()
      .meta({ description: 'Customers: channels the record asked to subscribe that stay unsubscribed, because the customer opted out in Comeback after the record\'s `consentAt` (or it has none)' }),
  })
  .meta({ id: 'IngestRecordResult' });

export const BatchResponseSchema = z
  .object({
    summary: z.object({
      accepted: z.number(),
      updated: z.number(),
      duplicate: z.number(),
      rejected: z.number(),
      keptOptOut: z.number().optional().meta({ description: 'Customers: records with a channel in `keptOptOut`' }),
    }),
    results: z.array(RecordResultSchema),
  })
  .meta({ id: 'IngestBatchResult' });
