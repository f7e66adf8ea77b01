import { z } from '@hono/zod-openapi';
import { Policy, PolicyHistory, PolicyRequest } from '../../../shared/api/policy';
import { Prices } from '../../../shared/api/settings';
import { audit } from '../../audit';
import { loadPolicy, policyHistory, savePolicy, withoutSeed } from '../../policy/store';
import { loadPrices, savePrices } from '../../pricing/prices';
import { actorOf, currentUser, defineRoute, type App } from '../route';

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

const getPolicy = defineRoute({
  method: 'get',
  path: '/api/settings/policy',
  tags: ['Settings'],
  summary: 'The communication policy in force: caps per customer across all scenarios, the longest deferral, the global control group',
  access: { roles: ['marketer', 'analyst', 'support'] },
  responses: { 200: json(Policy, 'The policy (version 0: never set)') },
});

const putPolicy = defineRoute({
  method: 'put',
  path: '/api/settings/policy',
  tags: ['Settings'],
  summary: 'Save the next version of the communication policy (audited; a change of the control share is audited on its own)',
  access: { roles: ['marketer'] },
  request: { body: { content: { 'application/json': { schema: PolicyRequest } } } },
  responses: { 200: json(Policy, 'The saved version, now in force') },
});

const policyVersions = defineRoute({
  method: 'get',
  path: '/api/settings/policy/history',
  tags: ['Settings'],
  summary: 'Every version of the communication policy, newest first',
  access: { roles: ['marketer', 'analyst'] },
  responses: { 200: json(PolicyHistory, 'Versions') },
});

export function register(app: App) {
  app.openapi(getPolicy, async (c) => c.json(withoutSeed(await loadPolicy(c.var.deps.sql)), 200));

  app.openapi(putPolicy, async (c) => {
    const user = currentUser(c);
    const saved = await savePolicy(c.var.deps.sql, c.req.valid('json'), { ...actorOf(c), name: user.name });
    return c.json(withoutSeed(saved), 200);
  });

  app.openapi(policyVersions, async (c) => c.json({ versions: await policyHistory(c.var.deps.sql) }, 200));

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
