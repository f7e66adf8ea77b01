import { z } from '@hono/zod-openapi';
import type { Condition } from '../../shared/conditions/schema';
import type { Config } from '../config';
import type { Sql } from '../db/client';
import { interactiveQuery } from '../db/interactive';
import { pagedBatches } from '../export/batches';
import { TABLE_FORMATS, type Table, type TableColumn } from '../export/table';
import { countWhere, customersWhere, type SegmentCustomer } from './customers';

/** The customer list of an RFM cell or a segment: its API shape, its paging parameters and its Excel columns. */

const PAGE = 50;

export const PagingQuery = z.object({
  cursor: z.string().max(200).optional().meta({ description: 'nextCursor of the previous page' }),
  limit: z.coerce.number().int().min(1).max(500).default(PAGE),
  format: z.enum(TABLE_FORMATS).default('json').meta({ description: '`xlsx` or `csv` export all of them' }),
});

export const CUSTOMER_COLUMNS: TableColumn<SegmentCustomer>[] = [
  { key: 'id', title: { ru: 'ID клиента', en: 'Customer ID' } },
  { key: 'name', title: { ru: 'Имя', en: 'Name' } },
  { key: 'phone', title: { ru: 'Телефон', en: 'Phone' } },
  { key: 'email', title: { ru: 'Email', en: 'Email' } },
  { key: 'city', title: { ru: 'Город', en: 'City' } },
  { key: 'cardType', title: { ru: 'Карта', en: 'Card' } },
  { key: 'orderCount', title: { ru: 'Заказов', en: 'Orders' }, format: 'integer' },
  { key: 'totalSpent', title: { ru: 'Сумма покупок', en: 'Total spent' }, format: 'money' },
  { key: 'avgCheck', title: { ru: 'Средний чек', en: 'Average check' }, format: 'money' },
  { key: 'lastOrderAt', title: { ru: 'Последняя покупка', en: 'Last purchase' }, format: 'datetime' },
  { key: 'daysSinceLastOrder', title: { ru: 'Дней без покупок', en: 'Days since last purchase' }, format: 'integer' },
];

/** Customers looked at per query while an export is written. */
const EXPORT_RANGE = 2_000;

/**
 * Every customer matching a condition, as an export table, all as of one `now`: counted first (an interactive
 * query, so the export limit is checked before anything is read), then read range by range along the customers'
 * primary key, EXPORT_RANGE customers at a time whether or not they match, so each query is short and the whole
 * export reads each customer once, however selective the condition.
 */
export async function customerExport(
  deps: { sql: Sql; config: Pick<Config, 'QUERY_TIMEOUT_SECONDS'> },
  condition: Condition,
  now: Date,
): Promise<Pick<Table<SegmentCustomer>, 'rows' | 'total' | 'columns'>> {
  const { sql } = deps;
  const [total] = await interactiveQuery(deps, (tx) => countWhere(tx, [condition], now));
  const rows = await pagedBatches<SegmentCustomer, string>(async (afterId) => {
    const [last] = await sql<{ id: string }[]>`
      SELECT id FROM customers ${afterId === null ? sql`` : sql`WHERE id > ${afterId}`} ORDER BY id OFFSET ${EXPORT_RANGE - 1} LIMIT 1`;
    const throughId = last?.id ?? null;
    return { rows: await customersWhere(sql, condition, now, { afterId, throughId, limit: EXPORT_RANGE }), next: throughId };
  });
  return { rows, total: total ?? undefined, columns: CUSTOMER_COLUMNS };
}
