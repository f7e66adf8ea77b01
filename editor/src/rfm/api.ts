import type { RfmFigures, RfmMatrix, RfmMatrixCell, RfmReactivation, SegmentCustomer, SegmentCustomerPage, SegmentInput, SegmentList, SegmentWithCount } from '../../../shared/api/rfm';
import { api } from '../api/http';

/** Client of /api/rfm and /api/segments (server/api/routes/rfm.ts, segments.ts); the shapes are shared/api/rfm.ts. */

export type Figures = RfmFigures;
export type MatrixCell = RfmMatrixCell;
export type Matrix = RfmMatrix;
export type { ReactivationCell } from '../../../shared/api/rfm';
export type Customer = SegmentCustomer;
export type Segment = SegmentWithCount;

/** Bucket edges as query text, e.g. `1,2,4,9,16` (the server parses and checks them). */
export interface Edges {
  orders: string;
  days: string;
}

const edgeQuery = (edges: Edges) => `orders=${encodeURIComponent(edges.orders)}&days=${encodeURIComponent(edges.days)}`;

export const getMatrix = (edges: Edges) => api<Matrix>('GET', `/api/rfm?${edgeQuery(edges)}`);

export const matrixExportUrl = (edges: Edges) => `/api/rfm?${edgeQuery(edges)}&format=xlsx`;

export const getReactivation = (edges: Edges) => api<RfmReactivation>('GET', `/api/rfm/reactivation?${edgeQuery(edges)}`);

export function cellCustomersUrl(edges: Edges, row: number, col: number, options: { cursor?: string | null; format?: 'xlsx' | 'csv' } = {}): string {
  let url = `/api/rfm/customers?${edgeQuery(edges)}&row=${row}&col=${col}`;
  if (options.cursor) url += `&cursor=${encodeURIComponent(options.cursor)}`;
  if (options.format) url += `&format=${options.format}`;
  return url;
}

export const getCellCustomers = (edges: Edges, row: number, col: number, cursor: string | null) =>
  api<SegmentCustomerPage>('GET', cellCustomersUrl(edges, row, col, { cursor }));

export const listSegments = () => api<SegmentList>('GET', '/api/segments').then((r) => r.segments);

export const createSegment = (input: SegmentInput) => api<SegmentWithCount>('POST', '/api/segments', input);

export const deleteSegment = (id: string) => api<void>('DELETE', `/api/segments/${encodeURIComponent(id)}`);

export const segmentExportUrl = (id: string) => `/api/segments/${encodeURIComponent(id)}/customers?format=xlsx`;
