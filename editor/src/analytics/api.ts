import type { AbReport, ProgramReport, ScenarioReport } from '../../../shared/api/analytics';
import { api } from '../api/http';

/** Client of GET /api/scenarios/:id/report and /ab, and GET /api/reports/program (server/api/routes/reports.ts, ab.ts); the shapes are shared/api/analytics.ts. */

export type { AbGroup, AbReport, ControlComparison, FunnelNode, ProgramReport, ProgramScenarioLine, ReportTotals, ScenarioReport } from '../../../shared/api/analytics';

export interface ReportFilter {
  version?: number;
  from?: string;
  to?: string;
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

/** The whole program and each scenario against the global control group (server/analytics/control.ts). */
export const getProgram = (period: { from?: string; to?: string }, mde: number) => api<ProgramReport>('GET', `/api/reports/program${reportQuery(period, { mde })}`);
