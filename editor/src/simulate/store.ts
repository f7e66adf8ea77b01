import { create } from 'zustand';
import type { Policy } from '../../../shared/api/policy';
import type { PolicyDraft } from '../settings/policyForm';
import { DEFAULT_SYNTHETIC, type SyntheticCustomer } from './customers';
import type { RealCustomer } from './realCustomers';
import type { SimulationResult } from '../../../shared/api/simulate';

interface SimulationState {
  customers: SyntheticCustomer[];
  /** Customers picked from the database, simulated with their real data and orders. */
  real: RealCustomer[];
  days: number;
  result: SimulationResult | null;
  /** When the simulated time started, for placing the described purchases on the timeline. */
  startedAt: string | null;
  /** The run whose path is highlighted on the canvas. */
  shownCustomer: string | null;
  /** Simulate beside the shop's published scenarios; null: as the default says (on when there are any). */
  together: boolean | null;
  /** How many other scenarios of the shop are published and active; null until the list has loaded. */
  publishedOthers: number | null;
  /** The shop's policy in force, which the caps to try start from; null until loaded. */
  shopPolicy: Policy | null;
  /** Caps to try in this simulation instead of the shop's; null: the shop's. */
  trial: PolicyDraft | null;
  /** The result shown was simulated under tried caps, not the shop's. */
  resultTried: boolean;
}

export const useSimulation = create<SimulationState & { set(patch: Partial<SimulationState>): void }>((set) => ({
  customers: DEFAULT_SYNTHETIC,
  real: [],
  days: 30,
  result: null,
  startedAt: null,
  shownCustomer: null,
  together: null,
  publishedOthers: null,
  shopPolicy: null,
  trial: null,
  resultTried: false,
  set: (patch) => set(patch),
}));

/** Whether the next simulation runs beside the published scenarios. */
export const togetherChosen = (s: Pick<SimulationState, 'together' | 'publishedOthers'>): boolean => s.together ?? (s.publishedOthers ?? 0) > 0;
