import type { Condition } from '../../../shared/conditions/schema';
import type { Bucket } from '../../../shared/rfm/buckets';
import type { MatrixRegionKey } from '../../../shared/rfm/segments';
import { api } from '../api/http';

/** Typed client of /api/rfm and /api/segments (server/api/routes/rfm.ts, segments.ts). */

export interface Figures {
  customers: number;
  orders: number;
  revenue: number;
  salesShare: number;
  revenueShare: number;
  avgCheck: number | null;
}

export interface MatrixCell extends Figures {
  row: number;
  col: number;
  region: MatrixRegionKey | null;
  condition: Condition;
}

export interface Matrix {
  asOf: string;
  edges: { orders: number[]; days: number[] };
  rows: Bucket[];
  columns: Bucket[];
  cells: MatrixCell[];
  rowTotals: Array<Figures & { row: number }>;
  columnTotals: Array<Figures & { col: number }>;
  total: Figures;
  withoutOrders: { customers: number };
  belowFirstEdge: { customers: number };
}

export interface ReactivationCell {
  row: number;
  col: number;
  entered: number;
  returned: number;
  rate: number | null;
}

export interface Customer {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  city: string | null;
  cardType: 'regular' | 'vip';
  orderCount: number;
  totalSpent: number;
  avgCheck: number | null;
  lastOrderAt: string | null;
  daysSinceLastOrder: number | null;
}

export interface CustomerPage {
  customers: Customer[];
  nextCursor: string | null;
}

export interface Segment {
  id: string;
  builtinKey: string | null;
  name: string;
  nameEn: string | null;
  description: string | null;
  descriptionEn: string | null;
  condition: Condition;
  customers: number | null;
}

export interface Edges {
  orders: string;
  days: string;
}

const edgeQuery = (edges: Edges) => `orders=${encodeURIComponent(edges.orders)}&days=${encodeURIComponent(edges.days)}`;

export const getMatrix = (edges: Edges) => api<Matrix>('GET', `/api/rfm?${edgeQuery(edges)}`);

export const matrixExportUrl = (edges: Edges) => `/api/rfm?${edgeQuery(edges)}&format=xlsx`;

export const getReactivation = (edges: Edges) => api<{ windowDays: number; cells: ReactivationCell[] }>('GET', `/api/rfm/reactivation?${edgeQuery(edges)}`);

export function cellCustomersUrl(edges: Edges, row: number, col: number, options: { cursor?: string | null; format?: 'xlsx' | 'csv' } = {}): string {
  let url = `/api/rfm/customers?${edgeQuery(edges)}&row=${row}&col=${col}`;
  if (options.cursor) url += `&cursor=${encodeURIComponent(options.cursor)}`;
  if (options.format) url += `&format=${options.format}`;
  return url;
}

export const getCellCustomers = (edges: Edges, row: number, col: number, cursor: string | null) =>
  api<CustomerPage>('GET', cellCustomersUrl(edges, row, col, { cursor }));

export const listSegments = () => api<{ segments: Segment[] }>('GET', '/api/segments').then((r) => r.segments);

export const createSegment = (input: { name: string; condition: Condition }) => api<Segment>('POST', '/api/segments', input);

export const deleteSegment = (id: string) => api<void>('DELETE', `/api/segments/${encodeURIComponent(id)}`);

export const segmentExportUrl = (id: string) => `/api/segments/${encodeURIComponent(id)}/customers?format=xlsx`;
