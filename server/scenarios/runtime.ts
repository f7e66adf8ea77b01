import type { Plan } from '../../shared/scenario/plan';

/**
 * What the scenario lifecycle API tells the runtime (Temporal Schedules, one per published scenario). Implemented
 * by the runtime; the routes take it from `AppDeps.runtime`.
 *
 * Contract for implementations:
 * - Each method is idempotent and converges: calling it again after a failure or a crash brings the runtime to the
 *   stated state (create-or-update the schedule, pause/unpause/delete whatever exists).
 * - It throws when the runtime could not reach that state; the lifecycle then leaves the database unchanged (and
 *   undoes earlier runtime calls of the same transition, see server/scenarios/lifecycle.ts).
 * - It may use the database, but no transaction of the lifecycle is open while it runs.
 */
export interface ScenarioRuntime {
  /** `version` is live: new entrants get `plan` from the next daily evaluation on; the schedule exists and runs. */
  published(scenarioId: string, version: number, plan: Plan): Promise<void>;
  /** No new entrants until resumed (the schedule is paused); customers already in a run go on. */
  paused(scenarioId: string): Promise<void>;
  /** The current version takes new entrants again (the schedule runs again). */
  resumed(scenarioId: string): Promise<void>;
  /** The scenario is retired: no schedule, no new entrants; live runs finish on their own version. */
  archived(scenarioId: string): Promise<void>;
}
