import type { ValidationContext } from '../../shared/scenario/validateWebhook';
import type { Sql } from '../db/client';
import { endpointNames } from '../webhooks/endpoints';

/** What publishing and the validate endpoint check a document against: the shop's webhook endpoints and segments. */
export async function validationContext(sql: Sql): Promise<ValidationContext> {
  const [webhookEndpoints, segments] = await Promise.all([endpointNames(sql), sql<{ id: string; name: string }[]>`SELECT id, name FROM segments ORDER BY position, name`]);
  return { webhookEndpoints, segments: [...segments] };
}
