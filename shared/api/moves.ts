/**
 * Moving live runs to the current version of their scenario (server/api/routes/moves.ts, server/moves/): the
 * planner, its dry run, applying a plan and following it. Times are ISO-8601 strings.
 */
import { z } from 'zod';
import { CHANNELS } from '../scenario/channels';

const Text = z.object({ ru: z.string(), en: z.string() });

/** What happens to the runs at one node of an older version: a node without a choice stays. */
export const MoveChoice = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('move'), to: z.string().min(1).max(100) }),
  z.strictObject({ action: z.literal('exit') }),
  z.strictObject({ action: z.literal('stay') }),
]);
export type MoveChoiceJson = z.infer<typeof MoveChoice>;

/** Choices by old version (as a string key) and node id. */
export const MoveChoices = z
  .record(z.string().regex(/^\d{1,6}$/), z.record(z.string().min(1).max(100), MoveChoice))
  .refine((c) => Object.keys(c).length <= 100 && Object.values(c).every((nodes) => Object.keys(nodes).length <= 1_000), {
    message: 'At most 100 versions and 1,000 steps per version',
  })
  .meta({ id: 'MoveChoices', example: { '3': { w7: { action: 'move', to: 'w7' }, w12: { action: 'exit' } } } });
export type MoveChoices = z.infer<typeof MoveChoices>;

export const MovePlanRequest = z.strictObject({ choices: MoveChoices }).meta({ id: 'MovePlanRequest' });

const NodeRef = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  /** For waits: their length in hours (a wait moved to from a wait counts from the old one's start). */
  waitHours: z.number().optional(),
});

export const PlannerNode = NodeRef.extend({
  /** Live runs at this node now. */
  runs: z.number().int(),
  /** For waits: the earliest and latest wake-up of those runs. */
  wakes: z.object({ first: z.string(), last: z.string() }).nullable(),
  /** The node "move" points at by default (same id and type in the new version, when allowed), or null. */
  suggested: z.string().nullable(),
  /** Nodes of the new version these runs may not move to, with why. */
  refused: z.array(z.object({ nodeId: z.string(), why: Text })),
});

export const MovePlanner = z
  .object({
    scenarioId: z.uuid(),
    /** The version runs move to: the current one. */
    toVersion: z.number().int().nullable(),
    toNodes: z.array(NodeRef),
    versions: z.array(
      z.object({
        version: z.number().int(),
        publishedAt: z.string(),
        runs: z.number().int(),
        nodes: z.array(PlannerNode),
      }),
    ),
    /** Plans applied and not yet resolved by every run they concern. */
    inProgress: z.array(z.lazy(() => MovePlanProgress)),
  })
  .meta({ id: 'MovePlanner' });
export type MovePlanner = z.infer<typeof MovePlanner>;

const Totals = z.object({
  messages: z.record(z.enum(CHANNELS), z.number().int()),
  points: z.number().int(),
  tasks: z.number().int(),
  /** Runs taken out of the scenario (plan) — always 0 for "stay". */
  exits: z.number().int(),
});

const Effect = z.object({ at: z.string(), nodeId: z.string(), name: z.string(), kind: z.enum(['message', 'bonus', 'task']), channel: z.enum(CHANNELS).optional(), points: z.number().int().optional() });

export const MovePreview = z
  .object({
    toVersion: z.number().int(),
    horizonDays: z.number().int(),
    from: z.string(),
    until: z.string(),
    /** Live runs the plan concerns (on versions with a choice other than "stay"). */
    runs: z.number().int(),
    stay: Totals,
    plan: Totals,
    /** Runs whose next 30 days differ between "stay" and the plan, and a sample of them. */
    changed: z.number().int(),
    sample: z.array(
      z.object({
        runId: z.string(),
        customerId: z.string(),
        customerName: z.string().nullable(),
        fromVersion: z.number().int(),
        fromNode: z.string(),
        choice: MoveChoice,
        stay: z.array(Effect),
        plan: z.array(Effect),
      }),
    ),
    /** What the dry run assumed, in words. */
    assumptions: z.array(Text),
  })
  .meta({ id: 'MovePreview' });
export type MovePreview = z.infer<typeof MovePreview>;

/** Where a run stands in an applied plan: waiting for the signal, told, then what it did (or why it never answered). */
export const MOVE_STATES = ['pending', 'signalled', 'moved', 'exited', 'stayed', 'finished', 'superseded'] as const;

export const MovePlanProgress = z
  .object({
    id: z.uuid(),
    toVersion: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    /** Runs by state: waiting for the signal, told, and what each did at its safe point (or finished before). */
    counts: z.object(Object.fromEntries(MOVE_STATES.map((state) => [state, z.number().int()])) as Record<(typeof MOVE_STATES)[number], z.ZodNumber>),
    /** What the planner expected when the plan was applied: runs per old version and node. */
    expected: z.record(z.string(), z.record(z.string(), z.number().int())),
  })
  .meta({ id: 'MovePlanProgress' });
export type MovePlanProgress = z.infer<typeof MovePlanProgress>;
