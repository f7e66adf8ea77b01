import { ActivityFailure } from '@temporalio/workflow';
import { orderedInstead, type Step } from '../context';
import { dateTimeIn, plural } from '../words';

const HOUR = 3_600_000;

/** Adds points to the ledger with an expiry; later templates and reminders see them as `bonus`. */
export const grantBonus: Step<'grantBonus'> = async (node, ctx) => {
  const now = ctx.now();
  const { points, expiresInDays, expiresInHours } = node.config;
  const lifeHours = expiresInHours ?? (expiresInDays ?? 0) * 24;
  const expiresAt = new Date(now.getTime() + lifeHours * HOUR);
  let granted;
  try {
    granted = await ctx.activities.grantBonus({ run: ctx.run, nodeId: node.id, points, at: now.toISOString(), expiresAt: expiresAt.toISOString() });
  } catch (error) {
    const order = orderedInstead(error);
    if (order) return ctx.stopForOrder(order);
    if (!(error instanceof ActivityFailure)) throw error;
    // Every retry failed: the customer got no points; later messages see no `bonus`, reminders skip.
    return { outcome: 'failed', port: 'out', reason: `баллы не начислены: ${error.cause?.message ?? error.message}` };
  }
  ctx.state.bonus = granted;
  const tz = ctx.plan.settings.timezone;
  return {
    outcome: 'granted',
    port: 'out',
    reason: `начислено ${points} ${plural(points, ['балл', 'балла', 'баллов'])}, сгорят ${dateTimeIn(expiresAt, tz)} (${tz})`,
    data: { grantId: granted.grantId, points, expiresAt: granted.expiresAt },
  };
};
