import type { ScenarioDocument } from '../../../shared/scenario/schema';
import type { Comparison } from '../../../shared/stats/compare';
import type { Interval } from '../../../shared/stats/proportions';
import { api } from '../api/http';

/** Typed client of GET /api/scenarios/:id/report and /ab (server/api/routes/reports.ts, ab.ts). */

export interface ReportFilter {
  version?: number;
  from?: string;
  to?: string;
}

export interface ReportTotals {
  entered: number;
  customers: number;
  returned: number;
  returnedWithoutOrder: number;
  reactivationRate: number | null;
  revenue: number;
  orders: number;
  bonusGranted: number;
  bonusSpent: number;
  messagesSent: number;
  messageCost: number;
  cost: number;
  costPerReactivated: number | null;
}

export interface FunnelNode {
  nodeId: string;
  type: string;
  name: string;
  reached: number;
  ports: Array<{ port: string; count: number }>;
  messages: { sent: number; failed: number; cost: number };
}

export interface ScenarioReport {
  scenario: { id: string; name: string; timeZone: string };
  version: number | null;
  versions: Array<{ version: number; publishedAt: string; conversionWindowDays: number }>;
  canvas: { version: number; document: ScenarioDocument } | null;
  period: { from: string | null; to: string | null };
  totals: ReportTotals;
  funnel: FunnelNode[];
  channels: Array<{ channel: string; sent: number; failed: number; cost: number }>;
  daily: Array<{ day: string; entered: number; returned: number; revenue: number; cost: number }>;
  assumptions: Array<{ ru: string; en: string }>;
}

export interface AbGroup {
  key: string;
  label: string;
  isHoldout: boolean;
  isControl: boolean;
  entered: number;
  converted: number;
  rate: number | null;
  rateCi: Interval | null;
  revenue: number;
  revenuePerCustomer: number | null;
  comparison: (Comparison & { text: { ru: string; en: string } }) | null;
}

export interface AbReport {
  mdeRelPct: number;
  method: { ru: string; en: string };
  splits: Array<{ nodeId: string; name: string; hasHoldout: boolean; holdoutPct: number; groups: AbGroup[] }>;
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
