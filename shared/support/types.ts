/** Shapes of the support desk API, shared by the server that builds them and the editor that shows them. */
import type { Channel, NodeType, ScenarioDocument } from '../scenario/schema';

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

/** What changed a consent: a sync from the shop's systems, or an opt-out made in Comeback. */
export type ConsentSource = 'ingest' | 'import' | 'support' | 'provider' | 'unsubscribe_link';

/** One change of a customer's consent on one channel (server/consent/). */
export interface ConsentEntry {
  id: number;
  channel: Channel;
  subscribed: boolean;
  source: ConsentSource;
  /** The staff member or API token behind it; null for providers and unsubscribe links. */
  actor: { kind: 'user' | 'token'; name: string } | null;
  reason: string | null;
  /** When the customer consented, as the shop's system stated it. */
  consentAt: string | null;
  at: string;
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
  /** Consent changes, newest first. */
  consent: ConsentEntry[];
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
  /** The scenario version this run follows, for the read-only canvas. */
  document: ScenarioDocument;
  timezone: string;
  steps: RunStep[];
  /** Nodes in the order the run passed them and the port it left each by. */
  path: { nodeId: string; port: string | null; at: string }[];
  currentNodeId: string | null;
  nextWakeAt: string | null;
  /** `workflow` when the live workflow answered its queries; `table` when the run has ended or Temporal did not answer. */
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
