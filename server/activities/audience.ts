import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Plan } from '../../shared/scenario/plan';
import type { AudienceActivities, RunEntry } from '../../workflows/activities';
import type { customerRun } from '../../workflows/customerRun';
import { runWorkflowId } from '../../workflows/ids';
import { runSearchAttributes } from '../temporal/searchAttributes';
import type { Sql } from '../db/client';
import { forEachConcurrently } from '../infra/concurrently';
import type { ActivityDeps } from './deps';
import { loadEntryRules } from '../audience/entryRules';
import { audienceQuery } from './audienceQuery';
import { scheduledTrigger } from '../entries/scheduled';

/** Loading the current plan, and enrolling one page of the audience. */
export function audienceActivities(deps: ActivityDeps): AudienceActivities {
  const { sql } = deps;
  return {
    async currentPlan({ scenarioId }) {
      const [row] = await sql<{ plan: Plan }[]>`
        SELECT v.plan FROM scenarios s JOIN scenario_versions v ON v.scenario_id = s.id AND v.version = s.current_version
         WHERE s.id = ${scenarioId} AND s.status = 'active'`;
      return row?.plan ?? null;
    },
    async enrolPage({ plan, afterId, pageSize, now, clockOffsetMs }) {
      const heartbeat = () => {
        try {
          Context.current().heartbeat({ afterId });
        } catch {
          // called outside an activity (the "enrol now" path): nothing to report to
        }
      };
      // One enrolment of a scenario at a time ("enrol now" beside the daily schedule, a retried page): a page reads
      // the runs only after the one before it has started its customers' workflows. A started run is then either
      // in the runs table, which the audience query excludes, or still running in Temporal, which refuses a second
      // start under its workflow id. Together: one entry per customer and firing.
      return sql.begin(async (tx) => {
        await tx`SELECT pg_advisory_xact_lock(hashtextextended(${`enrol:${plan.scenarioId}`}, 0))`;
        const db = tx as unknown as Sql;
        // The control group and the exclusivity group as they are now, read once per page: a policy saved or a
        // scenario published mid-evaluation applies from the next page on.
        const rules = await loadEntryRules(db, plan.scenarioId, plan.settings);
        // A birthday, points expiring or a segment entered: whom the trigger is about today, and the event of each.
        const trigger = await scheduledTrigger(db, plan, new Date(now), afterId === null);
        const rows = await audienceQuery(db, plan, { afterId, limit: pageSize, now: new Date(now), trigger }, rules);
        await trigger?.selected?.(rows.map((r) => r.id));
        const entering = rows.filter((r) => r.blocked === null);
        const ids = entering.map((r) => r.id);
        const events = trigger ? new Map<string, RunEntry>(entering.map((r) => [r.id, { key: trigger.key, event: trigger.event(r.event) }])) : undefined;
        heartbeat();
        const outcome = await enrolCustomers(deps, plan, ids, { enteredAt: now, clockOffsetMs, events }, heartbeat);
        // `selected` counts the blocked customers too: the audience workflow pages on until a page comes back short.
        return { lastId: rows.at(-1)?.id ?? null, selected: rows.length, skipped: rows.length - ids.length, ...outcome };
      });
    },
  };
}

/** What starting customer runs needs: the audience's activities and the entry deliverer both have it. */
export type EnrolDeps = Pick<ActivityDeps, 'sql' | 'client' | 'taskQueue' | 'searchAttributes' | 'enrolConcurrency' | 'metrics'>;

/**
 * Starts one customer run per id, a bounded number at a time, with the event each entered on (if any); a customer
 * already in a live run is skipped.
 */
export async function enrolCustomers(
  deps: EnrolDeps & Partial<ActivityDeps>,
  plan: Plan,
  customerIds: string[],
  entry: { enteredAt: string; clockOffsetMs: number; events?: Map<string, RunEntry> },
  progress: () => void = () => {},
): Promise<{ started: number; alreadyRunning: number }> {
  let started = 0;
  let alreadyRunning = 0;
  await forEachConcurrently(customerIds, deps.enrolConcurrency ?? 64, async (customerId) => {
    try {
      await deps.client.workflow.start<typeof customerRun>('customerRun', {
        workflowId: runWorkflowId(plan.scenarioId, customerId),
        taskQueue: deps.taskQueue,
        args: [{ plan, customerId, enteredAt: entry.enteredAt, clockOffsetMs: entry.clockOffsetMs, ...(entry.events?.has(customerId) && { entry: entry.events.get(customerId) }) }],
        ...(deps.searchAttributes ? { typedSearchAttributes: runSearchAttributes(plan.scenarioId, customerId) } : {}),
      });
      started++;
      deps.metrics?.runsEnrolled.inc({ outcome: 'started' });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      alreadyRunning++;
      deps.metrics?.runsEnrolled.inc({ outcome: 'already_running' });
    }
    if ((started + alreadyRunning) % 100 === 0) progress();
  });
  return { started, alreadyRunning };
}
