import { z } from '@hono/zod-openapi';
import { ErrorBody } from '../../../shared/api/errors';
import { WebhookEndpoint, WebhookEndpointCreate, WebhookEndpointList, WebhookEndpointNames, WebhookEndpointUpdate, WebhookEndpointWithSecret } from '../../../shared/api/webhooks';
import { WEBHOOK_LIMITS } from '../../../shared/webhooks/limits';
import { createEndpoint, deleteEndpoint, endpointNames, listEndpoints, rotateSecret, updateEndpoint } from '../../webhooks/endpoints';
import { actorOf, defineRoute, type App } from '../route';

const TAGS = ['Webhooks'];
const ADMIN = { roles: ['admin'] } as const;
const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const IdParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31) });

const list = defineRoute({
  method: 'get',
  path: '/api/settings/webhooks',
  tags: TAGS,
  summary: 'Webhook endpoints with their addresses (secrets are never shown again after creation or rotation)',
  access: ADMIN,
  responses: { 200: json(WebhookEndpointList, 'Endpoints') },
});

const names = defineRoute({
  method: 'get',
  path: '/api/settings/webhooks/names',
  tags: TAGS,
  summary: 'Names of the webhook endpoints a scenario\'s webhook node can pick, and whether each is enabled',
  access: { roles: ['marketer', 'analyst'] },
  responses: { 200: json(WebhookEndpointNames, 'Names') },
});

const create = defineRoute({
  method: 'post',
  path: '/api/settings/webhooks',
  tags: TAGS,
  summary: 'Add a webhook endpoint; the answer holds its signing secret, shown this once (audited)',
  access: ADMIN,
  request: { body: { content: { 'application/json': { schema: WebhookEndpointCreate } } } },
  responses: {
    201: json(WebhookEndpointWithSecret, 'Created, with the secret'),
    409: json(ErrorBody, `The name is taken, or there are already ${WEBHOOK_LIMITS.endpoints} endpoints`),
  },
});

const update = defineRoute({
  method: 'put',
  path: '/api/settings/webhooks/{id}',
  tags: TAGS,
  summary: 'Change an endpoint\'s name, address or switch (audited); a name published scenarios use cannot change',
  access: ADMIN,
  request: { params: IdParam, body: { content: { 'application/json': { schema: WebhookEndpointUpdate } } } },
  responses: {
    200: json(WebhookEndpoint, 'Saved'),
    404: json(ErrorBody, 'No such endpoint'),
    409: json(ErrorBody, 'The name is taken, or published scenarios use the old one'),
  },
});

const rotate = defineRoute({
  method: 'post',
  path: '/api/settings/webhooks/{id}/secret',
  tags: TAGS,
  summary: 'Replace the signing secret; requests are signed with the new one from now on (audited). The answer holds it, shown this once',
  access: ADMIN,
  request: { params: IdParam },
  responses: { 200: json(WebhookEndpointWithSecret, 'The new secret'), 404: json(ErrorBody, 'No such endpoint') },
});

const remove = defineRoute({
  method: 'delete',
  path: '/api/settings/webhooks/{id}',
  tags: TAGS,
  summary: 'Delete an endpoint no published scenario uses (audited)',
  access: ADMIN,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, 404: json(ErrorBody, 'No such endpoint'), 409: json(ErrorBody, 'Published scenarios call it') },
});

export function register(app: App) {
  const rules = (c: { var: { deps: { config: { WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true' | 'false' } } } }) => ({
    allowHttpLoopback: c.var.deps.config.WEBHOOK_ALLOW_HTTP_LOOPBACK === 'true',
  });

  app.openapi(list, async (c) => c.json({ endpoints: await listEndpoints(c.var.deps.sql), limit: WEBHOOK_LIMITS.endpoints }, 200));

  app.openapi(names, async (c) => c.json({ endpoints: await endpointNames(c.var.deps.sql) }, 200));

  app.openapi(create, async (c) => c.json(await createEndpoint(c.var.deps.sql, c.req.valid('json'), actorOf(c), rules(c)), 201));

  app.openapi(update, async (c) => c.json(await updateEndpoint(c.var.deps.sql, c.req.valid('param').id, c.req.valid('json'), actorOf(c), rules(c)), 200));

  app.openapi(rotate, async (c) => c.json(await rotateSecret(c.var.deps.sql, c.req.valid('param').id, actorOf(c)), 200));

  app.openapi(remove, async (c) => {
    await deleteEndpoint(c.var.deps.sql, c.req.valid('param').id, actorOf(c));
    return c.body(null, 204);
  });
}
