import { condition, continueAsNew, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Plan, PlanNode } from '../shared/scenario/plan';
import { SEND_HEARTBEAT_TIMEOUT_MS, SEND_MAX_ATTEMPTS, SEND_TIMEOUT_MS, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_MAX_TIMEOUT_MS, type GrantedBonus, type RunEntry, type RunRef, type RuntimeActivities, type StepRecord } from './activities';
import type { FinalStatus, RunContext, RunState, Step, StepResult, Stop } from './context';
import { currentNodeQuery, exitRun, markConverted, moveRun, nextWakeAtQuery, orderPlaced, pathQuery, skipWait, type OrderPlaced, type PathEntry } from './signals';
import { STEPS } from './steps';
import { dateTimeIn, rubles } from './words';

export interface CustomerRunInput {
  /** The compiled version the customer entered with; the run keeps it to its end. */
  plan: Plan;
  customerId: string;
  /** ISO time of entry, in the run's calendar. */
  enteredAt: string;
  /** Simulations run in a calendar shifted from the server's: run time = workflow time + offset. */
  clockOffsetMs?: number;
  /** Set when the run continues on another version after a move (continue-as-new): where, and what it carries. */
  moved?: MovedRun;
  /** The event the customer entered on (event and date triggers); absent for the daily audience. */
  entry?: RunEntry;
}

/** What a run keeps when it moves to another version: entry time and calendar come from the input itself. */
export interface MovedRun {
  /** The run's id (its first execution's): carried, as not every Temporal server keeps `firstExecutionRunId`. */
  runId: string;
  /** The node of `plan` the run continues at. */
  nodeId: string;
  /** Moves made so far, this one included. */
  leg: number;
  variant: string | null;
  bonus: GrantedBonus | null;
  /** The path so far, earlier versions' steps tagged with their version. */
  path: PathEntry[];
  /** When the wait the run moved from began (null: it moved from a quiet-hours hold). */
  waitStartedAt: string | null;
}

/** A moved run's path keeps at most this many earlier steps (the journal in the database keeps them all). */
const PATH_CARRIED = 200;

export interface CustomerRunResult {
  status: FinalStatus;
  reason: string;
  variant: string | null;
  endedAt: string;
}

// Bookkeeping and reads are short database calls: local activities keep them off the task queue (one marker each in
// history instead of three events), which matters for simulations of thousands of runs.
const bookkeeping = proxyLocalActivities<RuntimeActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
// Side effects the customer sees go through the task queue: visible, retried with backoff, never run twice (keys).
const retry = { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: SEND_MAX_ATTEMPTS };
const effects = proxyActivities<RuntimeActivities>({ startToCloseTimeout: '60 seconds', retry });
// A send may wait on a slow provider for minutes: it heartbeats meanwhile, and only silence counts as failure.
const sends = proxyActivities<RuntimeActivities>({ startToCloseTimeout: SEND_TIMEOUT_MS, heartbeatTimeout: SEND_HEARTBEAT_TIMEOUT_MS, retry });
// A webhook attempt is one bounded HTTP request; about 4 minutes of backoff in all (2 s, 4 s, … 64 s, capped at 2 min)
// before the step takes `failure`. Longer than any request, so Temporal only retries an attempt whose worker died.
const webhooks = proxyActivities<RuntimeActivities>({
  startToCloseTimeout: WEBHOOK_MAX_TIMEOUT_MS + 30_000,
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: WEBHOOK_MAX_ATTEMPTS },
});

const activities: RuntimeActivities = {
  beginRun: bookkeeping.beginRun,
  recordStep: bookkeeping.recordStep,
  setVariant: bookkeeping.setVariant,
  applyMove: bookkeeping.applyMove,
  endRun: bookkeeping.endRun,
  loadFacts: bookkeeping.loadFacts,
  messageTarget: bookkeeping.messageTarget,
  countForLimit: bookkeeping.countForLimit,
  ordersBetween: bookkeeping.ordersBetween,
  bonusState: bookkeeping.bonusState,
  customerTimezone: bookkeeping.customerTimezone,
  usualOrderHour: bookkeeping.usualOrderHour,
  sendMessage: sends.sendMessage,
  grantBonus: effects.grantBonus,
  createTask: effects.createTask,
  callWebhook: webhooks.callWebhook,
  updateCustomer: effects.updateCustomer,
};

/** One customer in one scenario: walks the compiled plan from its entry node to an end. */
export async function customerRun(input: CustomerRunInput): Promise<CustomerRunResult> {
  const { plan, customerId, moved } = input;
  const info = workflowInfo();
  const offset = input.clockOffsetMs ?? 0;
  const now = () => new Date(Date.now() + offset);
  const enteredAt = new Date(input.enteredAt);
  // The order a run entered on is not a purchase that stops it (even if its clock ran a little ahead of ours).
  const triggerOrderAt = input.entry?.event.kind === 'order' ? new Date(input.entry.event.at).getTime() + 1 : 0;
  let stopSince = new Date(Math.max(enteredAt.getTime(), triggerOrderAt));
  const run: RunRef = {
    runId: moved?.runId ?? info.firstExecutionRunId,
    workflowId: info.workflowId,
    scenarioId: plan.scenarioId,
    version: plan.version,
    customerId,
    ...(moved && { leg: moved.leg }),
    ...(plan.settings.stopOnPurchase && { stopOnPurchaseSince: stopSince > enteredAt ? stopSince.toISOString() : input.enteredAt }),
  };
  const tz = plan.settings.timezone;
  const state: RunState = {
    variant: moved?.variant ?? null,
    bonus: moved?.bonus ?? null,
    stop: null,
    currentNodeId: moved?.nodeId ?? plan.entry,
    nextWakeAt: null,
    skipRequested: false,
    path: moved?.path ?? [],
    move: null,
    moving: null,
    waitStartedAt: null,
    resumedWaitSince: moved && plan.nodes[moved.nodeId]?.type === 'wait' ? moved.waitStartedAt : null,
  };
  const stopWith = (stop: Stop) => {
    state.stop ??= stop;
  };

  // Orders placed before `stopSince` do not stop the run: its entry (past the order it entered on), later moved past a
  // purchase the run took as its own at a `waitForPurchase`.
  const ordered = (order: OrderPlaced) => {
    const awaiting = state.awaiting;
    if (awaiting && !awaiting.order && new Date(order.placedAt) >= new Date(awaiting.since) && order.amount >= (awaiting.minAmount ?? 0)) {
      awaiting.order = order;
      return;
    }
    if (!plan.settings.stopOnPurchase || new Date(order.placedAt) < stopSince) return;
    stopWith({ status: 'converted', reason: `заказ ${order.orderId} на ${rubles(order.amount)} ${dateTimeIn(new Date(order.placedAt), tz)}: сценарий остановлен` });
  };
  setHandler(orderPlaced, ordered);
  setHandler(exitRun, ({ reason, by }) =>
    stopWith({ status: 'exited', reason: `выведен из сценария${by ? ` (${by})` : ''}${reason ? `: ${reason}` : ''}` }),
  );
  setHandler(markConverted, ({ reason, by }) =>
    stopWith({ status: 'converted', reason: `конверсия отмечена вручную${by ? ` (${by})` : ''}${reason ? `: ${reason}` : ''}` }),
  );
  setHandler(skipWait, () => {
    // Only the wait (or quiet-hours hold) in progress: a click that lands between steps must not skip a later one.
    if (state.nextWakeAt !== null) state.skipRequested = true;
  });
  setHandler(moveRun, (move) => {
    // Meant for another run of this workflow id, or for a version this run has left: not this run's plan.
    if (move.runId !== run.runId || move.fromVersion !== plan.version) return;
    state.move = move;
  });
  setHandler(currentNodeQuery, () => state.currentNodeId);
  setHandler(pathQuery, () => state.path);
  setHandler(nextWakeAtQuery, () => state.nextWakeAt);

  const ctx: RunContext = {
    plan,
    run,
    ...(input.entry && { entry: input.entry }),
    enteredAt,
    now,
    activities,
    state,
    stopForOrder(order) {
      ordered(order);
      return { outcome: 'interrupted', port: null };
    },
    async pauseUntil(wakeAt, nodeId, wake) {
      for (;;) {
        state.nextWakeAt = wakeAt.toISOString();
        const ms = wakeAt.getTime() - now().getTime();
        const woken = () => wake?.() === true;
        const interrupted = ms > 0 ? await condition(() => state.stop !== null || state.skipRequested || state.move !== null || woken(), ms) : false;
        state.nextWakeAt = null;
        if (state.stop) return 'stopped';
        if (woken()) return 'woken';
        // A safe point: nothing is half done. A run that stays goes on waiting for what is left of its timer.
        if (state.move) {
          if (await resolveMove(nodeId)) return 'stopped';
          continue;
        }
        if (interrupted) {
          state.skipRequested = false;
          return 'skipped';
        }
        return 'elapsed';
      }
    },
    purchaseTaken(order) {
      const after = new Date(new Date(order.placedAt).getTime() + 1);
      if (after > stopSince) stopSince = after;
      if (run.stopOnPurchaseSince) run.stopOnPurchaseSince = stopSince.toISOString();
    },
    async note(step, nextWakeAt = null) {
      await activities.recordStep({
        run,
        step: { ...step, at: now().toISOString() },
        currentNodeId: step.nodeId,
        nextWakeAt: nextWakeAt ? nextWakeAt.toISOString() : null,
      });
    },
  };

  /** Applies the pending move at `nodeId`; true when the run leaves this plan (moved or exited). */
  async function resolveMove(nodeId: string): Promise<boolean> {
    const move = state.move!;
    state.move = null;
    const choice = move.choices[nodeId];
    const base = { run, planId: move.planId, fromNodeId: nodeId, toVersion: move.toVersion, at: now().toISOString(), by: move.by };
    const wanted = !choice ? { outcome: 'stayed' as const, toNodeId: null } : choice.action === 'exit' ? { outcome: 'exited' as const, toNodeId: null } : { outcome: 'moved' as const, toNodeId: choice.to };
    const answer = await activities.applyMove({ ...base, ...wanted });
    // The decision recorded for this leg, which may be an earlier plan's (a retried workflow task).
    const outcome = answer.outcome ?? wanted.outcome;
    const to = answer.toNodeId ?? wanted.toNodeId;
    if (outcome === 'stayed') return false;
    if (outcome === 'exited') {
      stopWith({ status: 'exited', reason: answer.reason });
      return true;
    }
    // The version is gone or no longer has the node (the server checked both when the plan was made): stay.
    if (!to || !answer.plan?.nodes[to]) return false;
    state.moving = { plan: answer.plan, nodeId: to, waitStartedAt: plan.nodes[nodeId]?.type === 'wait' ? state.waitStartedAt : null };
    return true;
  }

  const passed: StepRecord[] = plan.audience.passed.map((p) => ({
    nodeId: p.nodeId,
    nodeType: p.type,
    at: enteredAt.toISOString(),
    outcome: p.port,
    port: p.port,
    reason: p.nodeId === plan.trigger.nodeId ? (input.entry?.event.title ?? 'ежедневный отбор аудитории') : p.type === 'filter' ? 'подходит под условие аудитории' : 'в пределах ограничения частоты',
    ...(p.nodeId === plan.trigger.nodeId && input.entry && { data: { event: input.entry.event } }),
  }));
  // A moved run began long ago: its row and journal exist, and its effects look for orders since entry themselves.
  if (!moved) {
    const begun = await activities.beginRun({ run, enteredAt: enteredAt.toISOString(), passed, timezone: tz, ...(input.entry && { entry: input.entry }) });
    // Someone else's start of the same firing got there first (void in older histories: they always entered).
    if (begun && !begun.entered) {
      return { status: 'exited', reason: input.entry ? 'уже входил в сценарий по этому событию' : 'уже входил в сценарий в этот запуск', variant: null, endedAt: now().toISOString() };
    }
    // An order the outbox delivered before the run's row existed.
    if (begun?.ordered) ordered(begun.ordered);
    for (const p of plan.audience.passed) state.path.push({ nodeId: p.nodeId, port: p.port, at: enteredAt.toISOString() });
  }

  let nodeId = moved ? moved.nodeId : plan.entry;
  let end: Stop = { status: 'completed', reason: plan.entry ? 'конец цепочки' : 'после отбора аудитории шагов нет' };
  while (nodeId && !state.stop) {
    const node: PlanNode = plan.nodes[nodeId];
    state.currentNodeId = nodeId;
    const result = await runStep(node, ctx);
    if ((state.stop || state.moving) && result.port === null) break;
    const at = now().toISOString();
    const next = result.port === null ? null : (node.next[result.port] ?? null);
    state.path.push({ nodeId, port: result.port, at });
    if (!result.recorded) {
      await activities.recordStep({
        run,
        step: { nodeId, nodeType: node.type, at, outcome: result.outcome, port: result.port, reason: result.reason, data: result.data },
        currentNodeId: next,
        nextWakeAt: null,
      });
    }
    if (result.stop) {
      end = result.stop;
      break;
    }
    if (!next) {
      end = node.type === 'exit' ? { status: 'completed', reason: 'выход из сценария' } : { status: 'completed', reason: `конец цепочки после «${node.name}»` };
    }
    nodeId = next;
  }

  if (state.moving && !state.stop) {
    const { plan: next, nodeId: at, waitStartedAt } = state.moving;
    const path = [...state.path.map((p) => (p.version ? p : { ...p, version: plan.version })), { nodeId: state.currentNodeId!, port: null, at: now().toISOString(), version: plan.version }];
    // A fresh history on the new version: the old one ends here, small, and replays on the code that wrote it.
    return continueAsNew<typeof customerRun>({
      ...input,
      plan: next,
      moved: { runId: run.runId, nodeId: at, leg: (moved?.leg ?? 0) + 1, variant: state.variant, bonus: state.bonus, path: path.slice(-PATH_CARRIED), waitStartedAt },
    });
  }

  const final = state.stop ?? end;
  const endedAt = now().toISOString();
  if (state.stop && state.currentNodeId) {
    const node = plan.nodes[state.currentNodeId];
    await activities.recordStep({
      run,
      step: { nodeId: node.id, nodeType: node.type, at: endedAt, outcome: final.status, port: null, reason: final.reason, suffix: 'stop' },
      currentNodeId: node.id,
      nextWakeAt: null,
    });
  }
  await activities.endRun({ run, status: final.status, at: endedAt, reason: final.reason });
  return { status: final.status, reason: final.reason, variant: state.variant, endedAt };
}

function runStep(node: PlanNode, ctx: RunContext): Promise<StepResult> {
  // The record type ties each node type to its step; TypeScript cannot correlate the union here on its own.
  const step = STEPS[node.type] as Step<typeof node.type>;
  return step(node as never, ctx);
}
