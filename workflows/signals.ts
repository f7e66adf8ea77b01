import { defineQuery, defineSignal } from '@temporalio/workflow';

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

export interface PathEntry {
  nodeId: string;
  port: string | null;
  at: string;
}

export const currentNodeQuery = defineQuery<string | null>('currentNode');
export const pathQuery = defineQuery<PathEntry[]>('path');
export const nextWakeAtQuery = defineQuery<string | null>('nextWakeAt');
