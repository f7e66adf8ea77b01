import type { Channel } from '../../../../shared/scenario/schema';

export type ChannelCounts = Record<Channel | 'none', number>;

/** The answer of `POST /api/scenarios/audience`. */
export interface AudienceReport {
  computedAt: string;
  available: boolean;
  reason?: string;
  filterNodeId: string | null;
  frequencyLimitNodeId: string | null;
  size: { matching: number; limited: number; inRun: number; entering: number } | null;
  reachable: ChannelCounts | null;
  firstMessage: { nodeId: string; channels: ChannelCounts } | null;
  cost: {
    customers: number;
    messages: Array<{ nodeId: string; type: 'send' | 'reminder'; share: number; smsSegments: number; recipients: ChannelCounts; channelsForAll: ChannelCounts; cost: number }>;
    byChannel: Record<Channel, { messages: number; segments: number; cost: number }>;
    total: number;
    perCustomer: number;
    bonusPoints: number;
    prices: Prices;
  } | null;
}

export interface Prices {
  smsPerSegment: number;
  email: number;
  telegram: number;
  push: number;
}
