import { Worker, type ReplayResult } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowBundle } from '../../server/worker/bundle';
import { loadReleases } from './histories';
import { quietTemporalLogs } from './harness';

// Histories of customer runs recorded by each release (test/fixtures/histories/<release>/, see recordHistories.ts),
// replayed through the current workflow code: a change that would break customers already in a run, started by
// this release or any earlier one still kept, fails here before it ships.

/** How many histories each release folder holds: a folder lost or emptied by mistake fails the test. */
const EXPECTED_HISTORIES: Record<string, number> = {
  '0.1.0': 13,
  '0.2.0': 16,
  '0.3.0': 6,
  '0.4.0': 5,
  '0.5.0': 12,
};

const releases = await loadReleases();

describe('replay of recorded customer runs', () => {
  it('keeps a folder of histories for every expected release, and no folder the test does not know', () => {
    const found = releases.map((r) => r.release).sort();
    expect(found, 'release folders in test/fixtures/histories (each needs its count in EXPECTED_HISTORIES)').toEqual(Object.keys(EXPECTED_HISTORIES).sort());
  });

  for (const { release, histories } of releases) {
    describe(`release ${release}`, () => {
      const results = new Map<string, ReplayResult>();
      beforeAll(async () => {
        if (histories.length === 0) return;
        quietTemporalLogs();
        const fixtures = histories.map((h) => ({ workflowId: `${release}/${h.name}`, history: h.history }));
        for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, fixtures)) results.set(result.workflowId, result);
      });

      const expected = Math.max(1, EXPECTED_HISTORIES[release] ?? 1);
      it(`holds no fewer histories than expected (${expected})`, () => {
        expect(histories.length, `histories in ${release}/`).toBeGreaterThanOrEqual(expected);
      });

      for (const { name } of histories) {
        it(`replays ${release}/${name} without a nondeterminism error`, () => {
          const result = results.get(`${release}/${name}`);
          expect(result, `no replay result for ${release}/${name}`).toBeDefined();
          expect(result!.error?.message ?? null, `${release}/${name}`).toBeNull();
        });
      }
    });
  }
});
