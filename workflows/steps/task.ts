import { ActivityFailure } from '@temporalio/workflow';
import { orderedInstead, type Step } from '../context';

/** Creates a task for staff (e.g. "call the customer"), once per run. */
export const task: Step<'task'> = async (node, ctx) => {
  const role = node.config.role ?? 'support';
  let created;
  try {
    created = await ctx.activities.createTask({
      run: ctx.run,
      nodeId: node.id,
      role,
      text: node.config.text,
      bonus: ctx.state.bonus,
      timezone: ctx.plan.settings.timezone,
      now: ctx.now().toISOString(),
    });
  } catch (error) {
    const order = orderedInstead(error);
    if (order) return ctx.stopForOrder(order);
    if (!(error instanceof ActivityFailure)) throw error;
    return { outcome: 'failed', port: 'out', reason: `задача не создана: ${error.cause?.message ?? error.message}` };
  }
  return { outcome: 'created', port: 'out', reason: `задача для роли «${role}»: ${created.text.slice(0, 120)}`, data: { taskId: created.taskId } };
};
