import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import { triggerSchedule, type Plan } from '../shared/scenario/plan';
import type { AudienceActivities } from './activities';

export interface AudienceInput {
  scenarioId: string;
  /** Set by continue-as-new: the plan and the moment of this evaluation stay fixed across pages. */
  plan?: Plan;
  now?: string;
  afterId?: string | null;
  totals?: AudienceTotals;
  clockOffsetMs?: number;
  pageSize?: number;
}

export interface AudienceTotals {
  selected: number;
  started: number;
  alreadyRunning: number;
  /** Held back by the control group or the exclusivity group (absent in totals carried from before 0.4.0). */
  skipped?: number;
}

const { currentPlan, enrolPage } = proxyActivities<AudienceActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/** Keeps the history of one evaluation bounded: 50 pages of 1,000 customers, then continue-as-new. */
const PAGES_PER_EXECUTION = 50;

/**
 * The daily audience evaluation of one scenario (started by the Schedule `audience:<scenarioId>`): selects matching
 * customers in keyset pages and starts one customer run for each, skipping those already in a live run.
 */
export async function audience(input: AudienceInput): Promise<AudienceTotals> {
  const offset = input.clockOffsetMs ?? 0;
  const plan = input.plan ?? (await currentPlan({ scenarioId: input.scenarioId }));
  const totals: AudienceTotals = input.totals ?? { selected: 0, started: 0, alreadyRunning: 0 };
  // An event trigger's customers enter on their events (server/entries/), never by an evaluation of the audience.
  if (!plan || !triggerSchedule(plan)) return totals;
  const now = input.now ?? new Date(Date.now() + offset).toISOString();
  const pageSize = input.pageSize ?? 1000;
  let afterId = input.afterId ?? null;
  for (let page = 0; page < PAGES_PER_EXECUTION; page++) {
    const result = await enrolPage({ plan, afterId, pageSize, now, clockOffsetMs: offset });
    totals.selected += result.selected;
    totals.started += result.started;
    totals.alreadyRunning += result.alreadyRunning;
    totals.skipped = (totals.skipped ?? 0) + (result.skipped ?? 0);
    if (result.lastId === null || result.selected < pageSize) return totals;
    afterId = result.lastId;
  }
  return continueAsNew<typeof audience>({ ...input, plan, now, afterId, totals, pageSize });
}
