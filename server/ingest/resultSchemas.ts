import { z } from '@hono/zod-openapi';

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
  })
  .meta({ id: 'IngestRecordResult' });

export const BatchResponseSchema = z
  .object({
    summary: z.object({ accepted: z.number(), updated: z.number(), duplicate: z.number(), rejected: z.number() }),
    results: z.array(RecordResultSchema),
  })
  .meta({ id: 'IngestBatchResult' });
