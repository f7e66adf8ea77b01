import type { NodeType, ScenarioDocument } from '../../../shared/scenario/schema';
import { api } from '../api/http';

/** Typed client of the support desk API (server/api/routes/{customers-read,runs,tasks}.ts). */

export type Channel = 'sms' | 'email' | 'telegram' | 'push';
export const CHANNEL_ORDER: Channel[] = ['sms', 'email', 'telegram', 'push'];
export type RunStatus = 'running' | 'completed' | 'converted' | 'limited' | 'exited';
export const RUN_STATUSES: RunStatus[] = ['running', 'completed', 'converted', 'limited', 'exited'];
export type RunAction = 'exit' | 'skip-wait' | 'convert';
export type TaskStatus = 'open' | 'taken' | 'closed';

export interface CustomerHit {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  city: string | null;
  cardType: 'regular' | 'vip';
  orderCount: number;
  lastOrderAt: string | null;
}

export interface RunSummary {
  id: string;
  workflowId: string;
  scenarioId: string;
  scenarioName: string;
  version: number;
  customerId: string;
  customerName: string | null;
  variant: string | null;
  status: RunStatus;
  enteredAt: string;
  endedAt: string | null;
  endReason: string | null;
  currentNodeId: string | null;
  nextWakeAt: string | null;
}

export interface CustomerCard {
  customer: {
    id: string;
    name: string | null;
    phone: string | null;
    email: string | null;
    telegramChatId: string | null;
    pushToken: string | null;
    city: string | null;
    cardType: 'regular' | 'vip';
    registeredAt: string;
    timezone: string | null;
    subscriptions: Record<Channel, boolean>;
  };
  stats: { orderCount: number; totalSpent: number; avgCheck: number | null; firstOrderAt: string | null; lastOrderAt: string | null; avgDaysBetweenOrders: number | null; favoriteCategory: string | null };
  orders: { id: string; amount: number; placedAt: string; bonusSpent: number; items: { sku: string; name: string; category: string | null; qty: number; price: number }[] }[];
  bonus: {
    balance: number;
    expiring: { grantId: number; remaining: number; expiresAt: string | null }[];
    ledger: { id: number; kind: 'grant' | 'redeem' | 'expire'; points: number; at: string; expiresAt: string | null; reason: string | null; orderId: string | null; runId: string | null }[];
  };
  messages: { id: number; channel: Channel; recipient: string; subject: string | null; text: string; status: 'pending' | 'sandbox' | 'sent' | 'failed'; provider: string; error: string | null; segments: number | null; cost: number; createdAt: string; sentAt: string | null; runId: string | null; scenarioId: string | null; nodeId: string | null }[];
  tasks: { id: number; text: string; status: TaskStatus; role: string; outcome: string | null; createdAt: string; closedAt: string | null; runId: string | null; scenarioName: string | null }[];
  runs: (Omit<RunSummary, 'workflowId' | 'customerId' | 'customerName'> & { currentNode: { type: NodeType; label: string | null } | null })[];
}

export interface RunStep {
  id: number;
  nodeId: string;
  nodeType: string;
  at: string;
  outcome: string;
  port: string | null;
  reason: string | null;
  data: Record<string, unknown> | null;
}

export interface RunDetail {
  run: RunSummary;
  document: ScenarioDocument;
  timezone: string;
  steps: RunStep[];
  path: { nodeId: string; port: string | null; at: string }[];
  currentNodeId: string | null;
  nextWakeAt: string | null;
  source: 'workflow' | 'table';
  temporalUrl: string | null;
}

export interface StaffTask {
  id: number;
  text: string;
  status: TaskStatus;
  role: string;
  outcome: string | null;
  createdAt: string;
  takenAt: string | null;
  closedAt: string | null;
  customer: { id: string; name: string | null; phone: string | null };
  scenario: { id: string; name: string } | null;
  runId: string | null;
  nodeId: string | null;
  assignee: { id: number; name: string } | null;
  comments: { id: number; text: string; at: string; author: string | null }[];
}

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
