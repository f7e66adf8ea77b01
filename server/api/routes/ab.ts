import { z } from '@hono/zod-openapi';
import { AbReport } from '../../../shared/api/analytics';
import { abReport } from '../../analytics/ab';
import { reportQuery } from '../../analytics/query';
import { resolveScope } from '../../analytics/scope';
import { abTable } from '../../analytics/tables';
import { interactiveQuery } from '../../db/interactive';
import { EXPORT_ERROR_RESPONSES, tableResponse } from '../../export/table';
import { ErrorBody } from '../errors';
import { defineRoute, type App } from '../route';

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const ab = defineRoute({
  method: 'get',
  path: '/api/scenarios/{id}/ab',
  tags: ['Analytics'],
  summary: 'A/B results per split node: each variant and the holdout, conversion with 95% CI, uplift over the control, z-test, sample size still needed',
  access: { roles: ['marketer', 'analyst'] },
  request: {
    params: z.object({ id: z.string().meta({ param: { name: 'id', in: 'path' } }) }),
    query: reportQuery({
      mde: z.coerce.number().min(1).max(500).default(20).meta({ description: 'Minimum detectable relative uplift, % (for the sample size)' }),
    }),
  },
  responses: {
    200: {
      description: 'Per split and group (or the table as CSV / XLSX)',
      content: {
        'application/json': { schema: AbReport },
        'text/csv': { schema: z.string() },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().meta({ format: 'binary' }) },
      },
    },
    400: json(ErrorBody, 'Invalid parameters'),
    404: json(ErrorBody, 'No such scenario or version'),
    ...EXPORT_ERROR_RESPONSES,
  },
});

export function register(app: App) {
  app.openapi(ab, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const { sql } = c.var.deps;
    const scope = await resolveScope(sql, id, q);
    const result = await interactiveQuery(c.var.deps, (tx) => abReport(tx, scope, q.mde));
    if (q.format && q.format !== 'json') return tableResponse(c, abTable(scope, result), q.format) as never;
    return c.json(result, 200);
  });
}
