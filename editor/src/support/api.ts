import type { CustomerCard, CustomerHit, RunAction, RunDetail, RunStatus, RunSummary, StaffTask, TaskStatus } from '../../../shared/support/types';
import { api, ApiError } from '../api/http';

/** Typed client of the support desk API (server/api/routes/{customers-read,runs,tasks}.ts). */

export type Channel = 'sms' | 'email' | 'telegram' | 'push';
export const CHANNEL_ORDER: Channel[] = ['sms', 'email', 'telegram', 'push'];
export { RUN_STATUSES } from '../../../shared/support/types';
export type { CustomerCard, CustomerHit, RunAction, RunDetail, RunStatus, RunStep, RunSummary, StaffTask, TaskStatus } from '../../../shared/support/types';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const query = (params: Record<string, string | number | undefined | null>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const searchCustomers = (q: string, cursor?: string | null) => api<Page<CustomerHit>>('GET', `/api/customers${query({ q, cursor })}`);
export const getCustomer = (id: string) => api<CustomerCard>('GET', `/api/customers/${encodeURIComponent(id)}`);
export const unsubscribe = (id: string, channel: Channel) => api<{ channel: Channel; changed: boolean }>('POST', `/api/customers/${encodeURIComponent(id)}/unsubscribe`, { channel });
export const resendMessage = (id: number) => api<{ originalId: number; messageId: number; status: 'sent' | 'sandbox' | 'failed'; error: string | null }>('POST', `/api/messages/${id}/resend`, {});
export type MessageStatus = CustomerCard['messages'][number]['status'];
/** A failed message's one resend: the new message and its status. */
export interface Resend {
  messageId: number;
  status: MessageStatus;
}
/** The earlier resend, when a resend is refused because the message was already resent (409 `already_resent`). */
export function earlierResend(error: unknown): Resend | null {
  if (!(error instanceof ApiError) || error.code !== 'already_resent') return null;
  return (error.body as { error?: { resend?: Resend } } | undefined)?.error?.resend ?? null;
}

export interface RunFilters {
  status?: RunStatus | '';
  nodeId?: string;
  variant?: string;
  enteredFrom?: string;
  enteredTo?: string;
}
export const listRuns = (scenarioId: string, filters: RunFilters, cursor?: string | null) => api<Page<RunSummary>>('GET', `/api/runs${query({ scenarioId, ...filters, cursor })}`);
export const getRun = (id: string) => api<RunDetail>('GET', `/api/runs/${encodeURIComponent(id)}`);
export const runAction = (id: string, action: RunAction, reason?: string) => api<{ run: RunSummary }>('POST', `/api/runs/${encodeURIComponent(id)}/${action}`, reason ? { reason } : {});

export const listTasks = (status?: TaskStatus) => api<{ items: StaffTask[] }>('GET', `/api/tasks${query({ status })}`);
export const takeTask = (id: number) => api<{ task: StaffTask }>('POST', `/api/tasks/${id}/take`, {});
export const commentTask = (id: number, text: string) => api<{ task: StaffTask }>('POST', `/api/tasks/${id}/comment`, { text });
export const closeTask = (id: number, outcome: string) => api<{ task: StaffTask }>('POST', `/api/tasks/${id}/close`, { outcome });
