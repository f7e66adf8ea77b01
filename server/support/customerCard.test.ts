import { describe, expect, it } from 'vitest';
import { controlBucket, controlThreshold } from '../policy/control';
import { cardPolicyPart } from './customerCard';

describe("the customer card's policy part", () => {
  it('shows control-group membership by the same hash enrolment uses, and the entry skips with the other scenario', () => {
    const seed = 'card-seed';
    const ids = Array.from({ length: 200 }, (_, i) => `c${i}`);
    const member = ids.find((id) => controlBucket(id, seed) < controlThreshold(5))!;
    const outsider = ids.find((id) => controlBucket(id, seed) >= controlThreshold(5))!;
    const policy = { controlSeed: seed, controlGroup: { sharePct: 5 } };
    const at = new Date('2026-11-30T07:00:00Z');
    const part = cardPolicyPart(member, policy, [
      { scenario_id: 's1', scenario_name: 'Уходящие', day: '2026-11-30', at, reason: 'exclusive_running', other_scenario_id: 's2', other_name: 'Спящие' },
    ]);
    expect(part).toEqual({
      controlGroup: { member: true, sharePct: 5 },
      entrySkips: [
        { scenarioId: 's1', scenarioName: 'Уходящие', day: '2026-11-30', at: at.toISOString(), reason: 'exclusive_running', otherScenarioId: 's2', otherScenarioName: 'Спящие' },
      ],
    });
    expect(cardPolicyPart(outsider, policy, []).controlGroup).toEqual({ member: false, sharePct: 5 });
    // No control group: nobody is in it, whatever the hash.
    expect(cardPolicyPart(member, { ...policy, controlGroup: { sharePct: 0 } }, []).controlGroup).toEqual({ member: false, sharePct: 0 });
  });
});
