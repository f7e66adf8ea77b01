/** Shapes of the scenario report and A/B results, shared by the server that computes them and the editor that shows them. */
import type { Comparison } from '../stats/compare';
import type { Interval } from '../stats/proportions';

export interface ReportTotals {
  /** Runs (entries) in scope; a customer who entered twice counts twice. */
  entered: number;
  customers: number;
  /** Runs that converted: an order within the window after entry, or ended as `converted`. */
  returned: number;
  /** Of those, converted by status only (e.g. marked by support) with no order in the window. */
  returnedWithoutOrder: number;
  /** returned ÷ entered × 100; null without entries. */
  reactivationRate: number | null;
  revenue: number;
  orders: number;
  bonusGranted: number;
  bonusSpent: number;
  messagesSent: number;
  messageCost: number;
  /** messageCost + bonusSpent × ROUBLES_PER_BONUS_POINT. */
  cost: number;
  /** cost ÷ returned; null when nobody returned. */
  costPerReactivated: number | null;
}

export interface FunnelNode {
  nodeId: string;
  type: string;
  name: string;
  /** Runs that reached the node (any journal line at it). */
  reached: number;
  ports: Array<{ port: string; count: number }>;
  messages: { sent: number; failed: number; cost: number };
}

export interface ChannelCost {
  channel: string;
  sent: number;
  failed: number;
  cost: number;
}

export interface DayPoint {
  /** Local day in the scenario's time zone. */
  day: string;
  entered: number;
  returned: number;
  revenue: number;
  cost: number;
}

export interface AbGroup {
  /** Variant key, or `holdout`. */
  key: string;
  label: string;
  isHoldout: boolean;
  /** The group the others are compared with: the holdout when the split has one, else the first variant. */
  isControl: boolean;
  entered: number;
  converted: number;
  /** converted ÷ entered (0–1) with its 95 % Wilson interval. */
  rate: number | null;
  rateCi: Interval | null;
  revenue: number;
  revenuePerCustomer: number | null;
  /** Null for the control group itself. */
  comparison: (Comparison & { text: { ru: string; en: string } }) | null;
}

export interface AbSplitResult {
  nodeId: string;
  name: string;
  hasHoldout: boolean;
  holdoutPct: number;
  groups: AbGroup[];
}

export interface AbReport {
  /** Smallest relative uplift worth detecting, % (the sample-size calculation uses it). */
  mdeRelPct: number;
  method: { ru: string; en: string };
  splits: AbSplitResult[];
}
