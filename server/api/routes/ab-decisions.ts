import { z } from '@hono/zod-openapi';
import { rollOutWinner } from '../../scenarios/abWinner';
import { ScenarioError } from '../../scenarios/errors';
import { isScenarioId } from '../../scenarios/store';
import { ApiError, ErrorBody, notFound } from '../errors';
import { actorOf, currentUser, defineRoute, type App } from '../route';

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const TAGS = ['Analytics'];
const IdParam = z.object({ id: z.string().meta({ param: { name: 'id', in: 'path' } }) });
const STATUS = { invalid: 400, not_found: 404, conflict: 409, runtime: 503 } as const;

const WinnerRequest = z
  .strictObject({
    variant: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
    keepHoldout: z.boolean().default(true).meta({ description: 'Keep the holdout (control group) as it is; false sends it to the winner too' }),
  })
  .meta({ id: 'AbWinnerRequest' });

const winner = defineRoute({
  method: 'post',
  path: '/api/scenarios/{id}/ab/{nodeId}/winner',
  tags: TAGS,
  summary: 'Send everyone to the winner: publishes the next version whose A/B split routes every new entrant (outside the holdout, if kept) to the variant; runs inside stay (see the move planner)',
  access: { roles: ['marketer'] },
  request: { params: IdParam.extend({ nodeId: z.string().max(100).meta({ param: { name: 'nodeId', in: 'path' } }) }), body: { content: { 'application/json': { schema: WinnerRequest } } } },
  responses: {
    201: json(z.object({ version: z.number().int() }).meta({ id: 'AbWinnerResult' }), 'Published'),
    400: json(ErrorBody, 'No such split or variant in the current version'),
    404: json(ErrorBody, 'No such scenario'),
    409: json(ErrorBody, 'Not published, archived, or busy'),
    503: json(ErrorBody, 'The runtime (Temporal) could not publish; nothing changed'),
  },
});

const Notice = z.object({ id: z.number().int(), text: z.string(), nodeId: z.string().nullable(), createdAt: z.string() }).meta({ id: 'ScenarioNotice' });
const notices = defineRoute({
  method: 'get',
  path: '/api/scenarios/{id}/notices',
  tags: ['Scenarios'],
  summary: 'Open tasks for marketers about this scenario (e.g. an A/B split decided by itself)',
  access: { roles: ['marketer', 'analyst'] },
  request: { params: IdParam },
  responses: { 200: json(z.object({ notices: z.array(Notice) }), 'Notices') },
});

const done = defineRoute({
  method: 'post',
  path: '/api/scenarios/{id}/notices/{noticeId}/done',
  tags: ['Scenarios'],
  summary: 'Mark a marketer task about this scenario as read and done',
  access: { roles: ['marketer'] },
  request: { params: IdParam.extend({ noticeId: z.coerce.number().int().positive().meta({ param: { name: 'noticeId', in: 'path' } }) }) },
  responses: { 204: { description: 'Done' }, 404: json(ErrorBody, 'No such open notice') },
});

export function register(app: App) {
  app.openapi(winner, async (c) => {
    const { id, nodeId } = c.req.valid('param');
    const { variant, keepHoldout } = c.req.valid('json');
    const runtime = c.var.deps.runtime;
    if (!runtime) throw new ApiError(503, 'runtime_unavailable', { ru: 'Планировщик сценариев (Temporal) не подключён', en: 'The scenario runtime (Temporal) is not connected' });
    const user = currentUser(c);
    try {
      const { version } = await rollOutWinner(c.var.deps.sql, runtime, id, { nodeId, variant, keepHoldout }, { ...actorOf(c), userId: user.id, name: user.name }, { automatic: false, stats: {} });
      return c.json({ version }, 201);
    } catch (error) {
      if (error instanceof ScenarioError) throw new ApiError(STATUS[error.kind], error.code, error.text);
      throw error;
    }
  });

  app.openapi(notices, async (c) => {
    const { id } = c.req.valid('param');
    if (!isScenarioId(id)) return c.json({ notices: [] }, 200);
    const rows = await c.var.deps.sql<{ id: number; text: string; node_id: string | null; created_at: Date }[]>`
      SELECT id, text, node_id, created_at FROM staff_tasks WHERE scenario_id = ${id} AND role = 'marketer' AND status <> 'closed' ORDER BY created_at DESC LIMIT 20`;
    return c.json({ notices: rows.map((r) => ({ id: r.id, text: r.text, nodeId: r.node_id, createdAt: r.created_at.toISOString() })) }, 200);
  });

  app.openapi(done, async (c) => {
    const { id, noticeId } = c.req.valid('param');
    const user = currentUser(c);
    const closed = isScenarioId(id)
      ? await c.var.deps.sql`
          UPDATE staff_tasks SET status = 'closed', closed_at = now(), assignee_id = ${user.id}, outcome = 'прочитано'
           WHERE id = ${noticeId} AND scenario_id = ${id} AND role = 'marketer' AND status <> 'closed'`
      : { count: 0 };
    if (closed.count === 0) throw notFound({ ru: 'Такой открытой задачи нет', en: 'No such open notice' });
    return c.body(null, 204);
  });
}
