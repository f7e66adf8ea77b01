import { z } from '@hono/zod-openapi';
import { TABLE_FORMATS } from '../export/table';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата в формате ГГГГ-ММ-ДД / date as YYYY-MM-DD');

/** Query parameters every scenario report shares: which version, which entry period, which file format. */
export const REPORT_QUERY = {
  version: z.coerce.number().int().positive().optional().meta({ description: 'Only runs of this published version; default all versions' }),
  from: Day.optional().meta({ description: 'First day of entry (inclusive), in the scenario time zone', example: '2026-03-01' }),
  to: Day.optional().meta({ description: 'Last day of entry (inclusive), in the scenario time zone', example: '2026-03-31' }),
  format: z.enum(TABLE_FORMATS).optional().meta({ description: 'csv or xlsx to download a table instead of the JSON report' }),
};

/** The report query with route-specific parameters, refusing a period that ends before it starts. */
export function reportQuery<Extra extends z.ZodRawShape>(extra: Extra) {
  return z
    .object({ ...REPORT_QUERY, ...extra })
    .refine((q) => periodInOrder(q as { from?: string; to?: string }), { path: ['to'], message: 'Конец периода раньше начала / `to` is before `from`' });
}

function periodInOrder(q: { from?: string; to?: string }): boolean {
  return !q.from || !q.to || q.from <= q.to;
}
