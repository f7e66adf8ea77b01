import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { triggerSchedule, type Plan } from '../../shared/scenario/plan';
import type { audience } from '../../workflows/audience';
import { audienceScheduleId } from '../../workflows/ids';

/**
 * The audience evaluation of one scenario with a scheduled trigger: daily at `plan.trigger.at` in the scenario's time
 * zone (or at the top of every hour), starting the `audience` workflow, which reads the current version itself (so a
 * re-publish only needs the time updated). Null for an event trigger: its runs start as events arrive.
 */
export function audienceScheduleOptions(plan: Plan, taskQueue: string) {
  const when = triggerSchedule(plan);
  if (!when) return null;
  const [hour, minute] = when.every === 'day' ? when.at.split(':').map(Number) : ['*' as const, 0];
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

/**
 * Creates the schedule, or updates its time, zone and version when it already exists; leaves it running. A version
 * whose trigger is an event has none: a schedule left from an earlier version is deleted.
 */
export async function upsertAudienceSchedule(client: Client, plan: Plan, taskQueue: string): Promise<void> {
  const options = audienceScheduleOptions(plan, taskQueue);
  if (!options) return deleteAudienceSchedule(client, plan.scenarioId);
  const handle = client.schedule.getHandle(options.scheduleId);
  try {
    await handle.update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: options.policies, state: { ...previous.state, paused: false } }));
    return;
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
  await client.schedule.create(options);
}

/** Pauses or resumes the schedule (ScheduleNotFoundError when there is none, e.g. an event trigger's scenario). */
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
