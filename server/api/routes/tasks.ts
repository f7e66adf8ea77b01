import { z } from '@hono/zod-openapi';
import { TaskChangeResult, TaskClose, TaskComment, TaskList, TaskStatus } from '../../../shared/api/support';
import { closeTask, commentTask, listTasks, takeTask, type TaskChange } from '../../support/tasks';
import { conflict, ErrorBody, notFound } from '../errors';
import { currentUser, defineRoute, type App } from '../route';

/** The staff task queue ("call the customer") belongs to support; admin always may. */
const SUPPORT = { roles: ['support'] } as const;
const TAGS = ['Tasks'];

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const errorJson = (description: string) => json(ErrorBody, description);

const TaskId = z.object({ id: z.coerce.number().int().positive().meta({ param: { name: 'id', in: 'path' } }) });
const changeResponses = {
  200: json(TaskChangeResult, 'The task as it is now'),
  404: errorJson('No such task'),
  409: errorJson('Closed already, or held by another staff member'),
};

const list = defineRoute({
  method: 'get',
  path: '/api/tasks',
  tags: TAGS,
  summary: 'The staff task queue, oldest first (without status: open and taken)',
  access: SUPPORT,
  request: { query: z.object({ status: TaskStatus.optional(), role: z.string().max(50).optional().meta({ example: 'support' }) }) },
  responses: { 200: json(TaskList, 'Tasks') },
});

const take = defineRoute({
  method: 'post',
  path: '/api/tasks/{id}/take',
  tags: TAGS,
  summary: 'Take an open task (it becomes yours)',
  access: SUPPORT,
  request: { params: TaskId, body: { content: { 'application/json': { schema: z.object({}).meta({ description: 'Empty object' }) } } } },
  responses: changeResponses,
});

const comment = defineRoute({
  method: 'post',
  path: '/api/tasks/{id}/comment',
  tags: TAGS,
  summary: 'Add a comment to a task',
  access: SUPPORT,
  request: { params: TaskId, body: { content: { 'application/json': { schema: TaskComment } } } },
  responses: changeResponses,
});

const close = defineRoute({
  method: 'post',
  path: '/api/tasks/{id}/close',
  tags: TAGS,
  summary: 'Close a task with its outcome',
  access: SUPPORT,
  request: { params: TaskId, body: { content: { 'application/json': { schema: TaskClose } } } },
  responses: changeResponses,
});

function answer(result: TaskChange) {
  if (result.ok) return { task: result.task };
  if (result.problem === 'not_found') throw notFound({ ru: 'Задача не найдена', en: 'Task not found' });
  if (result.problem === 'closed') throw conflict('task_closed', { ru: 'Задача уже закрыта', en: 'The task is already closed' });
  const who = result.task?.assignee?.name ?? '—';
  throw conflict('task_taken', { ru: `Задачу уже взял(а) ${who}`, en: `The task is held by ${who}` });
}

export function register(app: App) {
  app.openapi(list, async (c) => c.json({ items: await listTasks(c.var.deps.sql, c.req.valid('query')) }, 200));
  app.openapi(take, async (c) => c.json(answer(await takeTask(c.var.deps.sql, c.req.valid('param').id, { userId: currentUser(c).id, tokenId: null })), 200));
  app.openapi(comment, async (c) =>
    c.json(answer(await commentTask(c.var.deps.sql, c.req.valid('param').id, c.req.valid('json').text, { userId: currentUser(c).id, tokenId: null })), 200),
  );
  app.openapi(close, async (c) =>
    c.json(answer(await closeTask(c.var.deps.sql, c.req.valid('param').id, c.req.valid('json').outcome, { userId: currentUser(c).id, tokenId: null })), 200),
  );
}
