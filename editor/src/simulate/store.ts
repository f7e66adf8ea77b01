import { create } from 'zustand';
import { DEFAULT_SYNTHETIC, type SyntheticCustomer } from './customers';
import type { SimulationResult } from './types';

export const useSimulation = create<{
  customers: SyntheticCustomer[];
  days: number;
  result: SimulationResult | null;
  /** The run whose path is highlighted on the canvas. */
  shownCustomer: string | null;
  set(patch: Partial<{ customers: SyntheticCustomer[]; days: number; result: SimulationResult | null; shownCustomer: string | null }>): void;
}>((set) => ({
  customers: DEFAULT_SYNTHETIC,
  days: 30,
  result: null,
  shownCustomer: null,
  set: (patch) => set(patch),
}));
