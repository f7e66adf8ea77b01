import type { Step } from '../context';
import { deliver } from './deliver';

/** Reminds about the bonus granted earlier in this run, only while it is unused and unexpired. */
export const reminder: Step<'reminder'> = async (node, ctx) => {
  const bonus = ctx.state.bonus;
  if (!bonus) return { outcome: 'skipped', port: 'out', reason: 'напоминание не отправлено: в этом сценарии бонус не начислялся' };
  const state = await ctx.activities.bonusState({ grantId: bonus.grantId, now: ctx.now().toISOString() });
  if (state.used) return { outcome: 'skipped', port: 'out', reason: 'напоминание не отправлено: бонус потрачен', data: state };
  if (state.expired) return { outcome: 'skipped', port: 'out', reason: 'напоминание не отправлено: бонус сгорел', data: state };
  return deliver(node, node.config, ctx);
};
