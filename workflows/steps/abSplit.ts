import { assignVariant, HOLDOUT_PORT } from '../../shared/ab/assign';
import type { Step } from '../context';

/** The variant is a pure function of (scenario, node, customer): the same on every entry and every replay. */
export const abSplit: Step<'abSplit'> = async (node, ctx) => {
  const assigned = assignVariant({ scenarioId: ctx.plan.scenarioId, nodeId: node.id, customerId: ctx.run.customerId }, node.config);
  // A decided test: the holdout stays what it was, everyone else gets the winner.
  const { winner } = node.config;
  const variant = winner && assigned !== HOLDOUT_PORT ? winner : assigned;
  ctx.state.variant = variant;
  await ctx.activities.setVariant({ run: ctx.run, variant });
  if (variant === HOLDOUT_PORT) {
    return { outcome: 'holdout', port: HOLDOUT_PORT, reason: 'контрольная группа: без сообщений и бонусов', data: { variant } };
  }
  const label = node.config.variants.find((v) => v.key === variant)?.label ?? variant;
  return { outcome: 'variant', port: variant, reason: winner ? `вариант «${label}» — победитель теста` : `вариант «${label}»`, data: { variant } };
};
