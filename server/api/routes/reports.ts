import { z } from '@hono/zod-openapi';
import { ScenarioReport } from '../../../shared/api/analytics';
import { scenarioReport } from '../../analytics/report';
import { reportQuery } from '../../analytics/query';
import { resolveScope } from '../../analytics/scope';
import { REPORT_TABLES, reportTable } from '../../analytics/tables';
import { interactiveQuery } from '../../db/interactive';
import { EXPORT_ERROR_RESPONSES, tableResponse } from '../../export/table';
import { ErrorBody } from '../errors';
import { defineRoute, type App } from '../route';

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });

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
    query: reportQuery({ table: z.enum(REPORT_TABLES).default('summary') }),
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
    const result = await interactiveQuery(c.var.deps, (tx) => scenarioReport(tx, scope));
    if (q.format && q.format !== 'json') return tableResponse(c, reportTable(scope, result, q.table), q.format) as never;
    return c.json(
      {
        scenario: { id: scope.scenarioId, name: scope.name, timeZone: scope.timeZone },
        version: scope.version,
        versions: scope.versions,
        canvas: scope.canvas ? { version: scope.canvas.version, document: scope.canvas.document } : null,
        period: { from: scope.from, to: scope.to },
        ...result,
        assumptions: REPORT_ASSUMPTIONS,
      },
      200,
    );
  });
}
