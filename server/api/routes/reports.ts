import { z } from '@hono/zod-openapi';
import { ProgramReport, ScenarioReport } from '../../../shared/api/analytics';
import { DEFAULT_MDE_REL_PCT } from '../../../shared/stats/program';
import { CONTROL_ASSUMPTIONS, programReport, scenarioControl } from '../../analytics/control';
import { scenarioReport } from '../../analytics/report';
import { reportQuery } from '../../analytics/query';
import { resolveScope } from '../../analytics/scope';
import { REPORT_TABLES, reportTable } from '../../analytics/tables';
import { interactiveQuery } from '../../db/interactive';
import { EXPORT_ERROR_RESPONSES, tableResponse } from '../../export/table';
import { ErrorBody } from '../errors';
import { defineRoute, type App } from '../route';

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });

const MDE = z.coerce
  .number()
  .min(1)
  .max(500)
  .default(DEFAULT_MDE_REL_PCT)
  .meta({ description: 'Smallest relative uplift of the returned share worth detecting against the control group, % (for the sample size)' });

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата в формате ГГГГ-ММ-ДД / date as YYYY-MM-DD');

const program = defineRoute({
  method: 'get',
  path: '/api/reports/program',
  tags: ['Analytics'],
  summary: 'The whole program and every scenario against the global control group: returned share, revenue per customer, incremental returns and revenue, cost per incremental return, with 95% intervals and a verdict',
  description:
    'Customers whose first entry (or first day held out as the control group) falls within [from, to] (local days, Moscow; default the last 90 days). Below the sample size needed the verdict is `not_enough_data` with the control customers still needed, and no incremental figure is given.',
  access: { roles: ['marketer', 'analyst'] },
  request: {
    query: z
      .object({
        from: Day.optional().meta({ description: 'First day (inclusive); default 89 days before `to`', example: '2026-03-01' }),
        to: Day.optional().meta({ description: 'Last day (inclusive); default today', example: '2026-05-29' }),
        mde: MDE,
      })
      .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'Конец периода раньше начала / `to` is before `from`' }),
  },
  responses: {
    200: json(ProgramReport, 'The program, and one line per scenario'),
    400: json(ErrorBody, 'Invalid parameters'),
  },
});

const report = defineRoute({
  method: 'get',
  path: '/api/scenarios/{id}/report',
  tags: ['Analytics'],
  summary: 'Scenario results: funnel per node and port, conversions, revenue, bonuses, costs, reactivation rate, per-day series',
  description:
    'Runs that entered within [from, to] (local days in the scenario time zone). With `format=csv|xlsx` one table is downloaded: `table=summary|funnel|daily|channels`.',
  access: { roles: ['marketer', 'analyst'] },
  request: {
    params: z.object({ id: z.string().meta({ param: { name: 'id', in: 'path' } }) }),
    query: reportQuery({ table: z.enum(REPORT_TABLES).default('summary'), mde: MDE }),
  },
  responses: {
    200: {
      description: 'The report (or the requested table as CSV / XLSX)',
      content: {
        'application/json': { schema: ScenarioReport },
        'text/csv': { schema: z.string() },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().meta({ format: 'binary' }) },
      },
    },
    400: json(ErrorBody, 'Invalid parameters'),
    404: json(ErrorBody, 'No such scenario or version'),
    ...EXPORT_ERROR_RESPONSES,
  },
});

export const REPORT_ASSUMPTIONS = [
  {
    ru: 'Вернувшийся — клиент, сделавший заказ после входа в сценарий не позже окна конверсии версии (или чей запуск завершён как «конверсия»).',
    en: 'Returned: an order after entry within the version’s conversion window (or a run ended as converted).',
  },
  { ru: 'Выручка — сумма всех заказов клиента в окне конверсии после входа.', en: 'Revenue: every order of the customer inside the conversion window.' },
  { ru: 'Затраты = стоимость сообщений + потраченные бонусы по 1 ₽ за балл.', en: 'Cost = message cost + bonus points spent at 1 ₽ per point.' },
];

export function register(app: App) {
  app.openapi(report, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const { sql } = c.var.deps;
    const scope = await resolveScope(sql, id, q);
    if (q.format && q.format !== 'json') {
      const result = await interactiveQuery(c.var.deps, (tx) => scenarioReport(tx, scope));
      return tableResponse(c, reportTable(scope, result, q.table), q.format) as never;
    }
    const [result, control] = await Promise.all([
      interactiveQuery(c.var.deps, (tx) => scenarioReport(tx, scope)),
      interactiveQuery(c.var.deps, (tx) => scenarioControl(tx, scope, { mdeRelPct: q.mde })),
    ]);
    return c.json(
      {
        scenario: { id: scope.scenarioId, name: scope.name, timeZone: scope.timeZone },
        version: scope.version,
        versions: scope.versions,
        canvas: scope.canvas ? { version: scope.canvas.version, document: scope.canvas.document } : null,
        period: { from: scope.from, to: scope.to },
        ...result,
        control,
        assumptions: [...REPORT_ASSUMPTIONS, ...CONTROL_ASSUMPTIONS],
      },
      200,
    );
  });

  app.openapi(program, async (c) => {
    const q = c.req.valid('query');
    const result = await interactiveQuery(c.var.deps, (tx) => programReport(tx, { from: q.from, to: q.to, mdeRelPct: q.mde }));
    return c.json(result, 200);
  });
}
