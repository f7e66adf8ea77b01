import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { MoveChoice } from '../shared/scenario/moves';

/** Signals and queries of a customer run; the server imports these same definitions to send and ask. */

export interface OrderPlaced {
  orderId: string;
  placedAt: string;
  amount: number;
}

/** Order ingest tells every live run of the customer; with stopOnPurchase the run ends as `converted` at once. */
export const orderPlaced = defineSignal<[OrderPlaced]>('orderPlaced');
/** Support takes the customer out of the scenario. */
export const exitRun = defineSignal<[{ reason?: string; by?: string }]>('exitRun');
/** Support cuts the current wait (or quiet-hours hold) short. */
export const skipWait = defineSignal<[{ by?: string }?]>('skipWait');
/** Support records a conversion that ingest cannot see (e.g. a purchase paid in cash). */
export const markConverted = defineSignal<[{ reason?: string; by?: string }]>('markConverted');

/**
 * A marketer's plan for the runs of an older version (server/moves/): at the run's next safe point (a wait or a
 * quiet-hours hold) the choice for the node it is at applies: move to a node of `toVersion`, exit, or stay (a node
 * without a choice). Meant for one run: a run that is not `runId` or no longer on `fromVersion` ignores it.
 */
export interface RunMove {
  planId: string;
  runId: string;
  fromVersion: number;
  toVersion: number;
  choices: Record<string, MoveChoice>;
  by?: string;
}

export const moveRun = defineSignal<[RunMove]>('moveRun');

export interface PathEntry {
  nodeId: string;
  port: string | null;
  at: string;
  /** The version the step was taken on, for the steps of earlier versions of a run that moved. */
  version?: number;
}

export const currentNodeQuery = defineQuery<string | null>('currentNode');
export const pathQuery = defineQuery<PathEntry[]>('path');
export const nextWakeAtQuery = defineQuery<string | null>('nextWakeAt');
