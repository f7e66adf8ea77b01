import type { RuntimeActivities } from '../../workflows/activities';
import { grantBonus } from '../bonus/ledger';
import type { ActivityDeps } from './deps';

/** `grantBonus`: one ledger grant per run + node, whatever the number of attempts. */
export function bonusActivities({ sql }: ActivityDeps): Pick<RuntimeActivities, 'grantBonus'> {
  return {
    async grantBonus({ run, nodeId, points, at, expiresAt }) {
      const grant = await grantBonus(sql, {
        customerId: run.customerId,
        points,
        at: new Date(at),
        expiresAt: new Date(expiresAt),
        runId: run.runId,
        nodeId,
        reason: `сценарий ${run.scenarioId} v${run.version}`,
        idempotencyKey: `${run.runId}:${nodeId}`,
      });
      return { grantId: grant.id, nodeId, points: grant.points, at: grant.at.toISOString(), expiresAt: (grant.expiresAt ?? new Date(expiresAt)).toISOString() };
    },
  };
}
