import { ActivityFailure } from '@temporalio/workflow';
import { orderedInstead, type Step } from '../context';

/**
 * POSTs a signed body to the endpoint the node names, and branches on the answer: `success` for 2xx, `failure`
 * once the endpoint refused (4xx) or every retry failed (network, timeout, 5xx, 429), with the reason in the journal.
 */
export const webhook: Step<'webhook'> = async (node, ctx) => {
  const endpoint = node.config.endpoint;
  let outcome;
  try {
    outcome = await ctx.activities.callWebhook({
      run: ctx.run,
      nodeId: node.id,
      endpoint,
      fields: node.config.fields ?? [],
      bonus: ctx.state.bonus,
      timezone: ctx.plan.settings.timezone,
      now: ctx.now().toISOString(),
    });
  } catch (error) {
    const order = orderedInstead(error);
    if (order) return ctx.stopForOrder(order);
    if (!(error instanceof ActivityFailure)) throw error;
    return { outcome: 'failed', port: 'failure', reason: `вебхук «${endpoint}» не принял запрос: ${error.cause?.message ?? error.message}` };
  }
  if (outcome.simulated) {
    return { outcome: 'simulated', port: 'success', reason: `симуляция: вебхук «${endpoint}» не вызывался, дальше по ветке «успешно»`, data: { endpoint } };
  }
  const tries = outcome.attempts > 1 ? ` с ${outcome.attempts}-й попытки` : '';
  return {
    outcome: 'delivered',
    port: 'success',
    reason: `вебхук «${endpoint}» принял запрос${tries}: HTTP ${outcome.status}`,
    data: { endpoint, status: outcome.status, attempts: outcome.attempts },
  };
};
