import { z } from '@hono/zod-openapi';
import { audit } from '../../audit';
import { createApiToken, listApiTokens, revokeApiToken } from '../../auth/apiTokens';
import { ApiTokenSchema, TokenScopeSchema } from '../../auth/schemas';
import { notFound } from '../errors';
import { actorOf, currentUser, defineRoute, type App } from '../route';

const ADMIN = { roles: ['admin'] } as const;

const list = defineRoute({
  method: 'get',
  path: '/api/tokens',
  tags: ['API tokens'],
  summary: 'All API tokens (active first); the secret itself is never shown again',
  access: ADMIN,
  responses: { 200: { description: 'Tokens', content: { 'application/json': { schema: z.object({ tokens: z.array(ApiTokenSchema) }) } } } },
});

const create = defineRoute({
  method: 'post',
  path: '/api/tokens',
  tags: ['API tokens'],
  summary: 'Create an API token for an integration; the token value is returned only in this answer',
  access: ADMIN,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            name: z.string().trim().min(1).max(200).meta({ example: '1С: выгрузка заказов' }),
            scopes: z.array(TokenScopeSchema).min(1).refine((s) => new Set(s).size === s.length, 'scopes must not repeat'),
          }),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Created',
      content: {
        'application/json': {
          schema: z.object({ token: z.string().meta({ description: 'Send as `Authorization: Bearer <token>`; store it now' }), info: ApiTokenSchema }),
        },
      },
    },
  },
});

const revoke = defineRoute({
  method: 'delete',
  path: '/api/tokens/{id}',
  tags: ['API tokens'],
  summary: 'Revoke an API token: requests with it are refused from now on',
  access: ADMIN,
  request: { params: z.object({ id: z.coerce.number().int().positive() }) },
  responses: { 200: { description: 'Revoked', content: { 'application/json': { schema: z.object({ info: ApiTokenSchema }) } } } },
});

export function register(app: App) {
  app.openapi(list, async (c) => c.json({ tokens: await listApiTokens(c.var.deps.sql) }, 200));

  app.openapi(create, async (c) => {
    const { sql } = c.var.deps;
    const { name, scopes } = c.req.valid('json');
    const created = await createApiToken(sql, { name, scopes, createdBy: currentUser(c).id });
    await audit(sql, { ...actorOf(c), action: 'token.create', entity: `token:${created.info.id}`, details: { name, scopes } });
    return c.json(created, 201);
  });

  app.openapi(revoke, async (c) => {
    const { sql } = c.var.deps;
    const { id } = c.req.valid('param');
    const info = await revokeApiToken(sql, id);
    if (!info) throw notFound({ ru: 'Токен не найден', en: 'Token not found' }, 'token_not_found');
    await audit(sql, { ...actorOf(c), action: 'token.revoke', entity: `token:${id}`, details: { name: info.name } });
    return c.json({ info }, 200);
  });
}
