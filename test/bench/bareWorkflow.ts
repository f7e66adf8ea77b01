// The floor of the simulation benchmark: a workflow doing what a seed-003 run does in Temporal — as many activities
// and timers — but no work in them. Bundled by the benchmark's own worker, never by the product's.
import { executeChild, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';

const { nothing } = proxyActivities<{ nothing(): Promise<void> }>({ startToCloseTimeout: '1 minute' });

export async function bareRun(shape: { activities: number; timers: number[] }): Promise<void> {
  const perTimer = Math.ceil(shape.activities / (shape.timers.length + 1));
  let done = 0;
  for (const days of [0, ...shape.timers]) {
    if (days > 0) await sleep(days * 86_400_000);
    for (let i = 0; i < perTimer && done < shape.activities; i++, done++) await nothing();
  }
}

/**
 * The simulation's shape: one workflow starting every run as a child and waiting for all of them, so one `result()`
 * drives the time-skipping test server's clock (concurrent `result()` calls each lock and unlock it).
 */
export async function bareSimulation(input: { runs: number; shape: { activities: number; timers: number[] } }): Promise<void> {
  await Promise.all(Array.from({ length: input.runs }, (_, i) => executeChild(bareRun, { workflowId: `${workflowInfo().workflowId}-run-${i}`, args: [input.shape] })));
}
