import type { Channel } from '../../../shared/scenario/schema';
import type {
  CustomerCard,
  CustomerPage,
  EarlierResend,
  ResendConflict,
  ResendResult,
  RunAction,
  RunActionRequest,
  RunActionResult,
  RunDetail,
  RunPage,
  RunStatus,
  TaskChangeResult,
  TaskClose,
  TaskComment,
  TaskList,
  TaskStatus,
  UnsubscribeRequest,
  UnsubscribeResult,
} from '../../../shared/api/support';
import { api, ApiError } from '../api/http';

/** Client of the support desk API (server/api/routes/{customers-read,runs,tasks}.ts); the shapes are shared/api/support.ts. */

export type { Channel } from '../../../shared/scenario/schema';
export const CHANNEL_ORDER: readonly Channel[] = ['sms', 'email', 'telegram', 'push'];
export { RUN_STATUSES } from '../../../shared/api/statuses';
export type { CustomerCard, CustomerHit, MessageStatus, RunAction, RunDetail, RunMove, RunStatus, RunStep, RunSummary, StaffTask, TaskStatus } from '../../../shared/api/support';

const query = (params: Record<string, string | number | undefined | null>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const searchCustomers = (q: string, cursor?: string | null) => api<CustomerPage>('GET', `/api/customers${query({ q, cursor })}`);
export const getCustomer = (id: string) => api<CustomerCard>('GET', `/api/customers/${encodeURIComponent(id)}`);
export const unsubscribe = (id: string, channel: Channel) => api<UnsubscribeResult>('POST', `/api/customers/${encodeURIComponent(id)}/unsubscribe`, { channel } satisfies UnsubscribeRequest);
export const resendMessage = (id: number) => api<ResendResult>('POST', `/api/messages/${id}/resend`, {});
/** A failed message's one resend: the new message and its status. */
export type Resend = EarlierResend;
/** The earlier resend, when a resend is refused because the message was already resent (409 `already_resent`). */
export function earlierResend(error: unknown): Resend | null {
  if (!(error instanceof ApiError) || error.code !== 'already_resent') return null;
  return (error.body as ResendConflict | undefined)?.error?.resend ?? null;
}

export interface RunFilters {
  status?: RunStatus | '';
  nodeId?: string;
  variant?: string;
  enteredFrom?: string;
  enteredTo?: string;
}
export const listRuns = (scenarioId: string, filters: RunFilters, cursor?: string | null) => api<RunPage>('GET', `/api/runs${query({ scenarioId, ...filters, cursor })}`);
export const getRun = (id: string) => api<RunDetail>('GET', `/api/runs/${encodeURIComponent(id)}`);
export const runAction = (id: string, action: RunAction, reason?: string) => api<RunActionResult>('POST', `/api/runs/${encodeURIComponent(id)}/${action}`, (reason ? { reason } : {}) satisfies RunActionRequest);

export const listTasks = (status?: TaskStatus) => api<TaskList>('GET', `/api/tasks${query({ status })}`);
export const takeTask = (id: number) => api<TaskChangeResult>('POST', `/api/tasks/${id}/take`, {});
export const commentTask = (id: number, text: string) => api<TaskChangeResult>('POST', `/api/tasks/${id}/comment`, { text } satisfies TaskComment);
export const closeTask = (id: number, outcome: string) => api<TaskChangeResult>('POST', `/api/tasks/${id}/close`, { outcome } satisfies TaskClose);
