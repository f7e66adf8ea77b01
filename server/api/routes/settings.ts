import { z } from '@hono/zod-openapi';
import { Prices } from '../../../shared/api/settings';
import { audit } from '../../audit';
import { loadPrices, savePrices } from '../../pricing/prices';
import { actorOf, defineRoute, type App } from '../route';

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });

const get = defineRoute({
  method: 'get',
  path: '/api/settings/pricing',
  tags: ['Settings'],
  summary: 'Message prices used for cost estimates (defaults: SMS 3.5 ₽ per segment, everything else free)',
  access: { roles: ['marketer', 'analyst'] },
  responses: { 200: json(Prices, 'Prices') },
});

const put = defineRoute({
  method: 'put',
  path: '/api/settings/pricing',
  tags: ['Settings'],
  summary: 'Set the message prices (every price at once)',
  access: { roles: ['admin'] },
  request: { body: { content: { 'application/json': { schema: Prices } } } },
  responses: { 200: json(Prices, 'Saved prices') },
});

export function register(app: App) {
  app.openapi(get, async (c) => c.json(await loadPrices(c.var.deps.sql), 200));

  app.openapi(put, async (c) => {
    const { sql } = c.var.deps;
    const prices = c.req.valid('json');
    const before = await loadPrices(sql);
    await savePrices(sql, prices);
    await audit(sql, { ...actorOf(c), action: 'settings.pricing', entity: 'settings:pricing', details: { before, after: prices } });
    return c.json(await loadPrices(sql), 200);
  });
}
