import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { triggerSchedule, type Plan } from '../../shared/scenario/plan';
import type { audience, AudienceTotals } from '../../workflows/audience';
import type { Sql } from '../db/client';
import type { ScenarioRuntime } from '../scenarios/runtime';
import { deleteAudienceSchedule, pauseAudienceSchedule, upsertAudienceSchedule } from './schedules';

export interface TemporalScenarioRuntime extends ScenarioRuntime {
  /** Evaluates the audience right now (outside the daily schedule) and waits until everyone matching is enrolled. */
  enrolNow(scenarioId: string): Promise<AudienceTotals>;
}

/** The lifecycle of published scenarios as Temporal Schedules (one `audience:<scenarioId>` per scenario). */
export function createScenarioRuntime(deps: { client: Client; sql: Sql; taskQueue: string }): TemporalScenarioRuntime {
  const { client, sql, taskQueue } = deps;
  const planOf = async (scenarioId: string): Promise<Plan | null> => {
    const [row] = await sql<{ plan: Plan }[]>`
      SELECT v.plan FROM scenarios s JOIN scenario_versions v ON v.scenario_id = s.id AND v.version = s.current_version
       WHERE s.id = ${scenarioId}`;
    return row?.plan ?? null;
  };
  return {
    published: (_scenarioId, _version, plan) => upsertAudienceSchedule(client, plan, taskQueue),
    paused: (scenarioId) => pauseOrRecreate(scenarioId, true),
    resumed: (scenarioId) => pauseOrRecreate(scenarioId, false),
    archived: (scenarioId) => deleteAudienceSchedule(client, scenarioId),
    async enrolNow(scenarioId) {
      return client.workflow.execute<typeof audience>('audience', {
        workflowId: `audience:${scenarioId}:now`,
        taskQueue,
        args: [{ scenarioId }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    },
  };

  // Converges even when the schedule was lost (e.g. a fresh Temporal namespace): recreate it from the current plan.
  async function pauseOrRecreate(scenarioId: string, pause: boolean): Promise<void> {
    try {
      await pauseAudienceSchedule(client, scenarioId, pause);
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
      const plan = await planOf(scenarioId);
      if (!plan) throw error;
      // An event trigger has no schedule: its entries follow the scenario's status (server/entries/).
      if (!triggerSchedule(plan)) return;
      await upsertAudienceSchedule(client, plan, taskQueue);
      if (pause) await pauseAudienceSchedule(client, scenarioId, true);
    }
  }
}
