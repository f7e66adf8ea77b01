import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { interactiveQuery } from '../../db/interactive';
import { pagedBatches } from '../../export/batches';
import { EXPORT_ERROR_RESPONSES, TABLE_FORMATS, tableResponse, type Table, type TableColumn } from '../../export/table';
import { RunActionRequest, RunActionResult, RunDetail, RunPage, RunStatus, type RunAction, type RunSummary } from '../../../shared/api/support';
import { actOnRun } from '../../support/runActions';
import { runDetail } from '../../support/runDetail';
import { countRuns, decodeRunCursor, listRuns, type RunFilters } from '../../support/runs';
import type { AppDeps } from '../deps';
import { ApiError, badRequest, conflict, ErrorBody, notFound } from '../errors';
import { actorOf, currentUser, defineRoute, type App, type AppEnv } from '../route';

/** Marketers and analysts look at their scenario's instances; only support acts on them (admin always may). */
const READ = { roles: ['support', 'marketer', 'analyst'] } as const;
const ACT = { roles: ['support'] } as const;
const TAGS = ['Runs'];

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const errorJson = (description: string) => json(ErrorBody, description);

const RunId = z.object({ id: z.string().min(1).max(200).meta({ param: { name: 'id', in: 'path' } }) });
const day = z.iso.date().or(z.iso.datetime({ offset: true }));

const list = defineRoute({
  method: 'get',
  path: '/api/runs',
  tags: TAGS,
  summary: "A scenario's runs, newest entries first, with filters; page with `cursor` = `nextCursor`",
  access: READ,
  request: {
    query: z.object({
      scenarioId: z.uuid(),
      status: RunStatus.optional(),
      nodeId: z.string().max(100).optional().meta({ description: 'Runs now at this node (a node of the version each run executes now)' }),
      variant: z.string().max(100).optional().meta({ description: 'A/B variant key or `holdout`' }),
      enteredFrom: day.optional().meta({ description: 'Entered at or after (a date means its start, Moscow time)' }),
      enteredTo: day.optional().meta({ description: 'Entered before (a date means the end of that day, Moscow time)' }),
      cursor: z.string().max(300).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      format: z.enum(TABLE_FORMATS).default('json').meta({ description: '`csv` or `xlsx`: every matching run (up to 1,000,000, more is refused with 413) as a table' }),
    }),
  },
  responses: {
    200: json(RunPage, 'A page of runs (or all of them as a CSV/XLSX table)'),
    ...EXPORT_ERROR_RESPONSES,
  },
});

const detail = defineRoute({
  method: 'get',
  path: '/api/runs/{id}',
  tags: TAGS,
  summary: 'One run as a flight recorder: every version it executed on (a move plan may have moved it), every step with its version, the current node and next wake-up',
  access: READ,
  request: { params: RunId },
  responses: { 200: json(RunDetail, 'The run'), 404: errorJson('No such run') },
});

const actionRoute = (action: RunAction, summary: string) =>
  defineRoute({
    method: 'post',
    path: `/api/runs/{id}/${action}`,
    tags: TAGS,
    summary,
    access: ACT,
    request: { params: RunId, body: { content: { 'application/json': { schema: RunActionRequest } } } },
    responses: {
      200: json(RunActionResult, 'Signalled; for exit and convert the run has ended by the time of the answer unless the worker is slow'),
      404: errorJson('No such run'),
      409: errorJson('The run has already ended'),
      503: errorJson('Temporal is not connected'),
    },
  });

const ACTIONS: Array<[RunAction, string]> = [
  ['exit', 'Take the customer out of the scenario (the run ends as exited)'],
  ['skip-wait', 'Cut the current wait or quiet-hours hold short; the next step happens now'],
  ['convert', 'Record a conversion ingest cannot see (the run ends as converted)'],
];

/** A date alone means a whole day in Moscow time, the product's default zone. */
function boundary(value: string | undefined, end: boolean): Date | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = new Date(`${value}T00:00:00+03:00`);
    return end ? new Date(start.getTime() + 86_400_000) : start;
  }
  return new Date(value);
}

const STATUS_WORDS: Record<RunSummary['status'], string> = { running: 'идёт', completed: 'пройден', converted: 'купил', limited: 'остановлен лимитом', exited: 'выведен' };
type RunRow = Omit<RunSummary, 'status'> & { status: string };
const RUN_COLUMNS: TableColumn<RunRow>[] = [
  { key: 'customerId', title: { ru: 'ID клиента', en: 'Customer ID' } },
  { key: 'customerName', title: { ru: 'Клиент', en: 'Customer' } },
  { key: 'status', title: { ru: 'Статус', en: 'Status' } },
  { key: 'version', title: { ru: 'Версия', en: 'Version' }, format: 'integer' },
  { key: 'currentVersion', title: { ru: 'Версия сейчас', en: 'Current version' }, format: 'integer' },
  { key: 'variant', title: { ru: 'Вариант', en: 'Variant' } },
  { key: 'enteredAt', title: { ru: 'Вошёл', en: 'Entered' }, format: 'datetime' },
  { key: 'currentNodeId', title: { ru: 'Узел', en: 'Node' } },
  { key: 'nextWakeAt', title: { ru: 'Следующий шаг', en: 'Next step' }, format: 'datetime' },
  { key: 'endedAt', title: { ru: 'Завершён', en: 'Ended' }, format: 'datetime' },
  { key: 'endReason', title: { ru: 'Итог', en: 'Outcome' } },
];

/** Every run matching the filters as an export table: counted first, then read page by page along the screen's keyset. */
async function runExport(deps: AppDeps, filters: RunFilters): Promise<Table<RunRow>> {
  const total = await interactiveQuery(deps, (sql) => countRuns(sql, filters));
  const [scenario] = await deps.sql<{ name: string }[]>`SELECT name FROM scenarios WHERE id = ${filters.scenarioId}`;
  const rows = await pagedBatches<RunRow, string>(async (cursor) => {
    const page = await listRuns(deps.sql, { ...filters, cursor: cursor ?? undefined, limit: 5_000 });
    return { rows: page.items.map((r) => ({ ...r, status: STATUS_WORDS[r.status] })), next: page.nextCursor };
  });
  const name = (scenario?.name ?? 'Сценарий').replace(/[\\/:*?"<>|]+/g, ' ');
  return { fileName: `Прохождения — ${name}`, sheet: 'Прохождения', columns: RUN_COLUMNS, rows, total };
}

function actorLabel(c: Context<AppEnv>): string {
  const user = currentUser(c);
  return `${user.name} (${{ admin: 'администратор', support: 'поддержка', marketer: 'маркетолог', analyst: 'аналитик' }[user.role]})`;
}

export function register(app: App) {
  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    if (q.cursor && !decodeRunCursor(q.cursor)) throw badRequest('invalid_cursor', { ru: 'Неверный курсор страницы: начните с первой страницы', en: 'Invalid cursor: start from the first page' });
    const filters: RunFilters = {
      scenarioId: q.scenarioId,
      status: q.status,
      nodeId: q.nodeId,
      variant: q.variant,
      enteredFrom: boundary(q.enteredFrom, false),
      enteredTo: boundary(q.enteredTo, true),
    };
    if (q.format !== 'json') return tableResponse(c, await runExport(c.var.deps, filters), q.format) as never;
    return c.json(await listRuns(c.var.deps.sql, { ...filters, cursor: q.cursor, limit: q.limit }), 200);
  });

  app.openapi(detail, async (c) => {
    const found = await runDetail(c.var.deps.sql, c.var.deps.temporal, c.req.valid('param').id);
    if (!found) throw notFound({ ru: 'Прохождение сценария не найдено', en: 'Run not found' });
    return c.json(found, 200);
  });

  for (const [action, summary] of ACTIONS) {
    app.openapi(actionRoute(action, summary), async (c) => {
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const temporal = c.var.deps.temporal;
      if (!temporal) throw new ApiError(503, 'temporal_unavailable', { ru: 'Нет связи с Temporal: действие не выполнено', en: 'Temporal is not connected; nothing was done' });
      const result = await actOnRun(c.var.deps.sql, temporal, id, action, { ...actorOf(c), label: actorLabel(c) }, reason);
      if (!result.ok && result.problem === 'not_found') throw notFound({ ru: 'Прохождение сценария не найдено', en: 'Run not found' });
      if (!result.ok) throw conflict('run_ended', { ru: 'Прохождение уже завершено — действие не нужно', en: 'The run has already ended' });
      return c.json({ run: result.run }, 200);
    });
  }
}
