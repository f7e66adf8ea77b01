import { create } from 'zustand';
import { DEFAULT_SYNTHETIC, type SyntheticCustomer } from './customers';
import type { RealCustomer } from './realCustomers';
import type { SimulationResult } from '../../../shared/api/simulate';

export const useSimulation = create<{
  customers: SyntheticCustomer[];
  /** Customers picked from the database, simulated with their real data and orders. */
  real: RealCustomer[];
  days: number;
  result: SimulationResult | null;
  /** When the simulated time started, for placing the described purchases on the timeline. */
  startedAt: string | null;
  /** The run whose path is highlighted on the canvas. */
  shownCustomer: string | null;
  set(patch: Partial<{ customers: SyntheticCustomer[]; real: RealCustomer[]; days: number; result: SimulationResult | null; startedAt: string | null; shownCustomer: string | null }>): void;
}>((set) => ({
  customers: DEFAULT_SYNTHETIC,
  real: [],
  days: 30,
  result: null,
  startedAt: null,
  shownCustomer: null,
  set: (patch) => set(patch),
}));
