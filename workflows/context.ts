import type { Plan, PlanNode } from '../shared/scenario/plan';
import type { NodeType } from '../shared/scenario/schema';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { CUSTOMER_ORDERED, type GrantedBonus, type RunEntry, type RunRef, type RunStatus, type RuntimeActivities, type StepRecord } from './activities';
import type { OrderPlaced, PathEntry, RunMove } from './signals';

export type PlanNodeOf<T extends NodeType> = Extract<PlanNode, { type: T }>;

export type FinalStatus = Exclude<RunStatus, 'running'>;

/** Why a run ended before reaching the end of its path (a signal or a limit). */
export interface Stop {
  status: FinalStatus;
  reason: string;
}

/** What a step decided: the port the run leaves through, and what to write in the journal. */
export interface StepResult {
  outcome: string;
  /** null: the run ends here (`exit`, or interrupted by a stop). */
  port: string | null;
  reason?: string;
  data?: Record<string, unknown>;
  /** The step's activity already journaled it (in the same transaction as its side effect). */
  recorded?: boolean;
  /** Ends the run with this status instead of following `port`. */
  stop?: Stop;
}

export interface RunState {
  variant: string | null;
  /** The latest bonus granted in this run (templates see it as `bonus`). */
  bonus: GrantedBonus | null;
  stop: Stop | null;
  currentNodeId: string | null;
  nextWakeAt: string | null;
  skipRequested: boolean;
  path: PathEntry[];
  /** A move signalled and not yet resolved: it applies at the next safe point (a wait or a quiet-hours hold). */
  move: RunMove | null;
  /** The move being made: the run leaves its plan and continues on `plan` at `nodeId` (continue-as-new). */
  moving: { plan: Plan; nodeId: string; waitStartedAt: string | null } | null;
  /** When the wait in progress began (a wait the run moves from lends its start to a wait it moves to). */
  waitStartedAt: string | null;
  /** A moved run's first wait, when it moved from a wait: counts from this instant instead of from now. */
  resumedWaitSince: string | null;
  /** Set while the run is at a `waitForPurchase`: the purchase it waits for goes here instead of stopping the run. */
  awaiting?: PurchaseAwaited | null;
}

export interface PurchaseAwaited {
  /** Orders placed from this instant on count. */
  since: string;
  minAmount: number | null;
  /** The first order that counts, once it arrived. */
  order: OrderPlaced | null;
}

export interface RunContext {
  plan: Plan;
  run: RunRef;
  /** The event the customer entered on (event and date triggers). */
  entry?: RunEntry;
  enteredAt: Date;
  /** Workflow time shifted into the run's calendar (simulations start in the past or future). */
  now(): Date;
  activities: RuntimeActivities;
  state: RunState;
  /**
   * An effect activity found the customer had ordered since entry (CUSTOMER_ORDERED): ends the run as converted,
   * like the orderPlaced signal would have; returns the step's result.
   */
  stopForOrder(order: OrderPlaced): StepResult;
  /**
   * A durable timer that a stop signal ends early and `skipWait` cuts short; with `wake`, it also ends ('woken') as soon
   * as `wake()` holds (checked whenever a signal changed the run's state).
   */
  pauseUntil(wakeAt: Date, nodeId: string, wake?: () => boolean): Promise<'elapsed' | 'skipped' | 'stopped' | 'woken'>;
  /**
   * A purchase the run has taken as its own (a `waitForPurchase` left through `bought`): stop on purchase and the
   * effects' purchase check count only orders placed after it from now on.
   */
  purchaseTaken(order: OrderPlaced): void;
  /** Journals something that happened at a node before its final outcome (e.g. a quiet-hours hold). */
  note(step: Omit<StepRecord, 'at'>, nextWakeAt?: Date | null): Promise<void>;
}

export type Step<T extends NodeType> = (node: PlanNodeOf<T>, ctx: RunContext) => Promise<StepResult>;

/** The order an effect activity refused to act after (CUSTOMER_ORDERED), or null for any other error. */
export function orderedInstead(error: unknown): OrderPlaced | null {
  if (!(error instanceof ActivityFailure) || !(error.cause instanceof ApplicationFailure) || error.cause.type !== CUSTOMER_ORDERED) return null;
  return (error.cause.details?.[0] as OrderPlaced | undefined) ?? null;
}
