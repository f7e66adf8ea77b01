import { z } from '@hono/zod-openapi';
import { RfmMatrix, RfmReactivation, SegmentCustomerPage } from '../../../shared/api/rfm';
import { cellCondition } from '../../../shared/rfm/buckets';
import { interactiveQuery } from '../../db/interactive';
import { EXPORT_ERROR_RESPONSES, TABLE_FORMATS, tableResponse, type TableColumn } from '../../export/table';
import { customersWhere } from '../../rfm/customers';
import { customerExport, PagingQuery } from '../../rfm/customerTable';
import { cellOf, edgesFromQuery } from '../../rfm/edges';
import { rfmMatrix, type RfmCell } from '../../rfm/matrix';
import { reactivationByCell } from '../../rfm/reactivation';
import { ErrorBody, preferredLanguage } from '../errors';
import { defineRoute, type App } from '../route';

/** Marketers pick segments here; analysts read the same numbers. Support works with single customers elsewhere. */
const READ = { roles: ['marketer', 'analyst'] } as const;
const TAGS = ['RFM'];

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = { 400: json(ErrorBody, 'Invalid bucket edges, cell or paging (every problem listed in issues)') };

const EdgesQuery = z.object({
  orders: z.string().optional().meta({ description: 'Lower edges of the order-count rows, increasing, from 1', example: '1,2,4,9,16' }),
  days: z.string().optional().meta({ description: 'Edges of the days-since-last-purchase columns, increasing', example: '24,48,72,96' }),
});
const Format = z.enum(TABLE_FORMATS).default('json').meta({ description: '`xlsx` or `csv` download the table' });

const matrix = defineRoute({
  method: 'get',
  path: '/api/rfm',
  tags: TAGS,
  summary: 'RFM matrix: customers, orders, revenue, share of sales and average check per cell, with row, column and grand totals',
  access: READ,
  request: { query: EdgesQuery.extend({ format: Format }) },
  responses: { 200: json(RfmMatrix, 'The matrix (or its cells as a CSV/XLSX table)'), ...errors, ...EXPORT_ERROR_RESPONSES },
});

const cellCustomers = defineRoute({
  method: 'get',
  path: '/api/rfm/customers',
  tags: TAGS,
  summary: "A cell's customers, keyset-paged by id; `format=xlsx|csv` exports all of them",
  access: READ,
  request: {
    query: EdgesQuery.extend({
      row: z.coerce.number().int().min(0).meta({ description: 'Row index (order bucket), 0 = fewest orders' }),
      col: z.coerce.number().int().min(0).meta({ description: 'Column index (recency bucket), 0 = most recent' }),
    }).merge(PagingQuery),
  },
  responses: { 200: json(SegmentCustomerPage, 'One page of customers'), ...errors, ...EXPORT_ERROR_RESPONSES },
});

const reactivation = defineRoute({
  method: 'get',
  path: '/api/rfm/reactivation',
  tags: TAGS,
  summary: 'Reactivation overlay: per cell (where the customer was at entry), scenario entries and those followed by an order within the window',
  access: READ,
  request: {
    query: EdgesQuery.extend({
      windowDays: z.coerce.number().int().min(1).max(365).default(30),
      scenarioId: z.uuid().optional().meta({ description: 'Only entries of this scenario' }),
    }),
  },
  responses: {
    200: json(RfmReactivation, 'Entries and returns per cell'),
    ...errors,
  },
});

type CellRow = Omit<RfmCell, 'condition' | 'region'> & { ordersLabel: string; daysLabel: string; region: string };

const CELL_COLUMNS: TableColumn<CellRow>[] = [
  { key: 'ordersLabel', title: { ru: 'Количество заказов', en: 'Number of orders' } },
  { key: 'daysLabel', title: { ru: 'Дней с последней покупки', en: 'Days since last purchase' } },
  { key: 'customers', title: { ru: 'Клиентов', en: 'Customers' }, format: 'integer' },
  { key: 'orders', title: { ru: 'Продаж', en: 'Sales' }, format: 'integer' },
  { key: 'revenue', title: { ru: 'Выручка', en: 'Revenue' }, format: 'money' },
  { key: 'salesShare', title: { ru: 'Доля продаж', en: 'Share of sales' }, format: 'percent' },
  { key: 'revenueShare', title: { ru: 'Доля выручки', en: 'Share of revenue' }, format: 'percent' },
  { key: 'avgCheck', title: { ru: 'Средний чек', en: 'Average check' }, format: 'money' },
  { key: 'region', title: { ru: 'Сегмент', en: 'Segment' } },
];

const REGION_NAMES: Record<string, string> = { sleeping: 'Спящие', leaving: 'Уходящие', promising: 'Перспективные' };

/** The export's file name, e.g. «RFM заказов 2–3, дней без покупок более 95». */
const cellFileName = (orders: string, days: string) =>
  `RFM заказов ${orders}, дней без покупок ${days}`.replace(/< ?/g, 'менее ').replace(/> ?/g, 'более ');

export function register(app: App) {
  app.openapi(matrix, async (c) => {
    const query = c.req.valid('query');
    const edges = edgesFromQuery(query, preferredLanguage(c));
    const result = await interactiveQuery(c.var.deps, (sql) => rfmMatrix(sql, edges, new Date()));
    if (query.format === 'json') return c.json(result, 200);
    const rows: CellRow[] = result.cells.map(({ condition: _condition, region, ...cell }) => ({
      ...cell,
      ordersLabel: result.rows[cell.row].label,
      daysLabel: result.columns[cell.col].label,
      region: region ? REGION_NAMES[region] : '',
    }));
    return tableResponse(c, { fileName: 'RFM-матрица', sheet: 'RFM', columns: CELL_COLUMNS, rows }, query.format) as never;
  });

  app.openapi(cellCustomers, async (c) => {
    const query = c.req.valid('query');
    const edges = edgesFromQuery(query, preferredLanguage(c));
    const cell = cellOf(edges, query.row, query.col);
    const condition = cellCondition(cell.row, cell.col);
    const now = new Date();
    if (query.format !== 'json') {
      const customers = await customerExport(c.var.deps, condition, now);
      return tableResponse(c, { fileName: cellFileName(cell.row.label, cell.col.label), sheet: 'Клиенты', ...customers }, query.format) as never;
    }
    const page = await interactiveQuery(c.var.deps, (sql) => customersWhere(sql, condition, now, { afterId: query.cursor ?? null, limit: query.limit + 1 }));
    const more = page.length > query.limit;
    const customers = more ? page.slice(0, query.limit) : page;
    return c.json({ customers, nextCursor: more ? customers[customers.length - 1].id : null }, 200);
  });

  app.openapi(reactivation, async (c) => {
    const query = c.req.valid('query');
    const edges = edgesFromQuery(query, preferredLanguage(c));
    const cells = await interactiveQuery(c.var.deps, (sql) => reactivationByCell(sql, edges, { windowDays: query.windowDays, scenarioId: query.scenarioId }));
    return c.json({ windowDays: query.windowDays, cells }, 200);
  });
}
