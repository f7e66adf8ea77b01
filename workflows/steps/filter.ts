import { evaluateCondition } from '../../shared/conditions/evaluate';
import type { Step } from '../context';

/** Evaluates the condition on the customer's facts as of now (the same meaning as the audience SQL). */
export const filter: Step<'filter'> = async (node, ctx) => {
  const facts = await ctx.activities.loadFacts({ customerId: ctx.run.customerId, now: ctx.now().toISOString() });
  if (!facts) return { outcome: 'no', port: 'no', reason: 'клиент удалён из базы' };
  const yes = evaluateCondition(node.config.condition, facts);
  return yes
    ? { outcome: 'yes', port: 'yes', reason: `условие «${node.name}» выполнено` }
    : { outcome: 'no', port: 'no', reason: `условие «${node.name}» не выполнено` };
};
