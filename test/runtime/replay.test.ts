import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowBundle } from '../../server/worker/bundle';
import { loadHistoryFixtures } from './histories';
import { quietTemporalLogs } from './harness';

// Histories recorded from the runtime tests (RECORD_HISTORIES=1 npx vitest run test/runtime) replayed through the
// current workflow code: a change that would break customers already in a run fails here, before it ships.
describe('replay of recorded customer runs', () => {
  it('replays every recorded history without a nondeterminism error', async () => {
    quietTemporalLogs();
    const fixtures = await loadHistoryFixtures();
    expect(fixtures.length).toBeGreaterThanOrEqual(5);
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, fixtures)) results.push(result);
    expect(results.map((r) => [r.workflowId, r.error?.message ?? null])).toEqual(fixtures.map((f) => [f.workflowId, null]));
  });
});
