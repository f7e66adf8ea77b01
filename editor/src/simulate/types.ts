export type RunStatus = 'running' | 'completed' | 'converted' | 'limited' | 'exited';

/** The answer of `POST /api/simulate` (ARCHITECTURE.md §5). */
export interface SimulationResult {
  runs: SimulatedRun[];
  summary?: Record<string, unknown>;
}

export interface SimulatedRun {
  customerId: string;
  enteredAt: string;
  version?: number;
  variant: string | null;
  status: RunStatus;
  endedAt: string | null;
  endReason?: string | null;
  steps: Array<{ at: string; nodeId: string; type: string; outcome: string; reason?: string }>;
  messages: Array<{ at: string; nodeId: string; channel: string; text: string; subject?: string }>;
  bonuses: Array<{ at: string; nodeId: string; points: number; expiresAt: string }>;
  tasks: Array<{ at: string; nodeId: string; text: string }>;
}
