import { z } from '@hono/zod-openapi';
import { TagList } from '../../../shared/api/customers';
import { tagsInUse, TAG_LIST_LIMIT } from '../../customers/profile';
import { interactiveQuery } from '../../db/interactive';
import { defineRoute, type App } from '../route';

// Marketers pick tags in the editor; support reads them on the card.
const READ = { roles: ['marketer', 'analyst', 'support'] } as const;

const list = defineRoute({
  method: 'get',
  path: '/api/tags',
  tags: ['Customers'],
  summary: `Tags customers carry, most used first, with how many customers carry each (at most ${TAG_LIST_LIMIT})`,
  access: READ,
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(TAG_LIST_LIMIT).default(100) }) },
  responses: { 200: { description: 'Tags with counts', content: { 'application/json': { schema: TagList } } } },
});

export function register(app: App): void {
  app.openapi(list, async (c) => {
    const { limit } = c.req.valid('query');
    const tags = await interactiveQuery(c.var.deps, (tx) => tagsInUse(tx, limit));
    return c.json({ tags }, 200);
  });
}
