import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { Plan } from '../../shared/scenario/plan';
import type { audience } from '../../workflows/audience';
import { audienceScheduleId } from '../../workflows/ids';

/**
 * The daily audience evaluation of one scenario: cron at `plan.trigger.at` in the scenario's time zone, starting the
 * `audience` workflow, which reads the current version itself (so a re-publish only needs the time updated).
 */
export function audienceScheduleOptions(plan: Plan, taskQueue: string) {
  const [hour, minute] = plan.trigger.at.split(':').map(Number);
  return {
    scheduleId: audienceScheduleId(plan.scenarioId),
    spec: { calendars: [{ hour, minute }], timezone: plan.settings.timezone },
    action: {
      type: 'startWorkflow' as const,
      workflowType: 'audience',
      workflowId: audienceScheduleId(plan.scenarioId),
      taskQueue,
      args: [{ scenarioId: plan.scenarioId }] as Parameters<typeof audience>,
    },
    // One evaluation at a time; a missed day (server down) is caught up within 6 hours, later it is skipped.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '6 hours' },
    memo: { scenarioVersion: plan.version },
  } satisfies ScheduleOptions;
}

/** Creates the schedule, or updates its time, zone and version when it already exists; leaves it running. */
export async function upsertAudienceSchedule(client: Client, plan: Plan, taskQueue: string): Promise<void> {
  const options = audienceScheduleOptions(plan, taskQueue);
  const handle = client.schedule.getHandle(options.scheduleId);
  try {
    await handle.update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: options.policies, state: { ...previous.state, paused: false } }));
    return;
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
  await client.schedule.create(options);
}

export async function pauseAudienceSchedule(client: Client, scenarioId: string, pause: boolean): Promise<void> {
  const handle = client.schedule.getHandle(audienceScheduleId(scenarioId));
  const note = pause ? 'scenario paused' : 'scenario resumed';
  await (pause ? handle.pause(note) : handle.unpause(note));
}

export async function deleteAudienceSchedule(client: Client, scenarioId: string): Promise<void> {
  try {
    await client.schedule.getHandle(audienceScheduleId(scenarioId)).delete();
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
}
