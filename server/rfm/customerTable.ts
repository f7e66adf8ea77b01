import { z } from '@hono/zod-openapi';
import { TABLE_FORMATS, type TableColumn } from '../export/table';
import type { SegmentCustomer } from './customers';

/** The customer list of an RFM cell or a segment: its API shape, its paging parameters and its Excel columns. */

const PAGE = 50;

export const CustomerSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    city: z.string().nullable(),
    cardType: z.enum(['regular', 'vip']),
    orderCount: z.number().int(),
    totalSpent: z.number(),
    avgCheck: z.number().nullable(),
    lastOrderAt: z.string().nullable(),
    daysSinceLastOrder: z.number().int().nullable(),
  })
  .meta({ id: 'SegmentCustomer' });
export const CustomerPageSchema = z.object({ customers: z.array(CustomerSchema), nextCursor: z.string().nullable() });

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

