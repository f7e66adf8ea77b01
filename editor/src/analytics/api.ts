import type { ScenarioDocument } from '../../../shared/scenario/schema';
import type { AbReport, ChannelCost, DayPoint, FunnelNode, ReportTotals } from '../../../shared/analytics/report';
import { api } from '../api/http';

export type { AbGroup, AbReport, FunnelNode, ReportTotals } from '../../../shared/analytics/report';

/** Typed client of GET /api/scenarios/:id/report and /ab (server/api/routes/reports.ts, ab.ts). */

export interface ReportFilter {
  version?: number;
  from?: string;
  to?: string;
}

export interface ScenarioReport {
  scenario: { id: string; name: string; timeZone: string };
  version: number | null;
  versions: Array<{ version: number; publishedAt: string; conversionWindowDays: number }>;
  canvas: { version: number; document: ScenarioDocument } | null;
  period: { from: string | null; to: string | null };
  totals: ReportTotals;
  funnel: FunnelNode[];
  channels: ChannelCost[];
  daily: DayPoint[];
  assumptions: Array<{ ru: string; en: string }>;
}

export function reportQuery(filter: ReportFilter, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, ...extra })) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const getReport = (id: string, filter: ReportFilter) => api<ScenarioReport>('GET', `/api/scenarios/${encodeURIComponent(id)}/report${reportQuery(filter)}`);

export const getAb = (id: string, filter: ReportFilter, mde: number) =>
  api<AbReport>('GET', `/api/scenarios/${encodeURIComponent(id)}/ab${reportQuery(filter, { mde })}`);

/** A download link for one table (the browser sends the session cookie with it). */
export function exportUrl(id: string, what: 'report' | 'ab', filter: ReportFilter, format: 'xlsx' | 'csv', extra: Record<string, string | number | undefined> = {}): string {
  return `/api/scenarios/${encodeURIComponent(id)}/${what}${reportQuery(filter, { ...extra, format })}`;
}
