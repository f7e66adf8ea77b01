import type { RuntimeActivities } from '../../workflows/activities';
import { grantBonus, grantState } from '../bonus/ledger';
import type { Sql } from '../db/client';
import type { ActivityDeps } from './deps';
import { checkBeforeEffect } from './stopOnPurchase';

/** Why a reminder about this grant must not go out at `at` (spent or expired), or null while it still stands. */
export async function bonusGone(sql: Sql, grantId: number, at: Date): Promise<string | null> {
  const state = await grantState(sql, grantId, at);
  if (state && state.used > 0) return 'напоминание не отправлено: бонус потрачен';
  if (!state || state.expired) return 'напоминание не отправлено: бонус сгорел';
  return null;
}

/** `grantBonus`: one ledger grant per run + node, whatever the number of attempts. */
export function bonusActivities({ sql }: ActivityDeps): Pick<RuntimeActivities, 'grantBonus'> {
  return {
    async grantBonus({ run, nodeId, points, at, expiresAt }) {
      const idempotencyKey = `${run.runId}:${nodeId}`;
      await checkBeforeEffect(sql, run, 'bonus_ledger', idempotencyKey);
      const grant = await grantBonus(sql, {
        customerId: run.customerId,
        points,
        at: new Date(at),
        expiresAt: new Date(expiresAt),
        runId: run.runId,
        nodeId,
        reason: `сценарий ${run.scenarioId} v${run.version}`,
        idempotencyKey,
      });
      return { grantId: grant.id, nodeId, points: grant.points, at: grant.at.toISOString(), expiresAt: (grant.expiresAt ?? new Date(expiresAt)).toISOString() };
    },
  };
}
