import { z } from '@hono/zod-openapi';
import { MovePlanner, MovePlanProgress, MovePlanRequest, MovePreview } from '../../../shared/api/moves';
import { applyMovePlan } from '../../moves/apply';
import { checkChoices } from '../../moves/choices';
import { liveVersions } from '../../moves/live';
import { movePlanner } from '../../moves/planner';
import { previewMoves } from '../../moves/preview';
import { movePlanProgress } from '../../moves/progress';
import { ErrorBody, notFound, preferredLanguage } from '../errors';
import { actorOf, currentUser, defineRoute, type App } from '../route';

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const TAGS = ['Scenarios'];
const IdParam = z.object({ id: z.string().meta({ param: { name: 'id', in: 'path' } }) });
const body = { content: { 'application/json': { schema: MovePlanRequest } } };
const refused = {
  400: json(ErrorBody, 'Malformed choices'),
  404: json(ErrorBody, 'No such scenario'),
  409: json(ErrorBody, 'The scenario has no published version'),
  422: json(ErrorBody, 'Choices that cannot apply (a version without live runs, an unknown node, a refused move), every one listed'),
};

const planner = defineRoute({
  method: 'get',
  path: '/api/scenarios/{id}/moves',
  tags: TAGS,
  summary: 'The move planner: live runs of older versions per node (wake-ups for waits), default targets and refused moves, plans in progress',
  access: { roles: ['marketer', 'analyst'] },
  request: { params: IdParam },
  responses: { 200: json(MovePlanner, 'Planner'), 404: refused[404] },
});

const preview = defineRoute({
  method: 'post',
  path: '/api/scenarios/{id}/moves/preview',
  tags: TAGS,
  summary: 'Dry run of a move plan over the live runs: messages per channel, bonus points, tasks and exits for the next 30 days, stay vs the plan, and the runs that change (nothing is sent)',
  access: { roles: ['marketer', 'analyst'] },
  request: { params: IdParam, body },
  responses: { 200: json(MovePreview, 'Dry run'), ...refused },
});

const apply = defineRoute({
  method: 'post',
  path: '/api/scenarios/{id}/moves',
  tags: TAGS,
  summary: 'Apply a move plan: each live run at a node with "move" or "exit" is told, and applies it at its next safe point (journaled and audited)',
  access: { roles: ['marketer'] },
  request: { params: IdParam, body },
  responses: { 201: json(MovePlanProgress, 'Applied; runs answer as they reach a safe point'), ...refused },
});

const progress = defineRoute({
  method: 'get',
  path: '/api/scenarios/{id}/moves/{planId}',
  tags: TAGS,
  summary: 'An applied move plan: runs waiting for the signal, told, moved, exited, stayed, or finished before',
  access: { roles: ['marketer', 'analyst'] },
  request: { params: IdParam.extend({ planId: z.uuid().meta({ param: { name: 'planId', in: 'path' } }) }) },
  responses: { 200: json(MovePlanProgress, 'Progress'), 404: refused[404] },
});

export function register(app: App) {
  app.openapi(planner, async (c) => c.json(await movePlanner(c.var.deps.sql, c.req.valid('param').id), 200));

  app.openapi(preview, async (c) => {
    const { sql } = c.var.deps;
    const { id } = c.req.valid('param');
    const checked = checkChoices(await liveVersions(sql, id), c.req.valid('json').choices, preferredLanguage(c));
    return c.json(await previewMoves(sql, checked, { scenarioId: id }), 200);
  });

  app.openapi(apply, async (c) => {
    const user = currentUser(c);
    const result = await applyMovePlan(c.var.deps.sql, c.req.valid('param').id, c.req.valid('json').choices, { ...actorOf(c), userId: user.id, name: user.name }, preferredLanguage(c));
    c.var.deps.onMovePlanApplied?.();
    return c.json(result, 201);
  });

  app.openapi(progress, async (c) => {
    const { id, planId } = c.req.valid('param');
    const found = await movePlanProgress(c.var.deps.sql, id, planId);
    if (!found) throw notFound({ ru: 'План переноса не найден', en: 'Move plan not found' });
    return c.json(found, 200);
  });
}
