import type { Step } from '../context';

/** Creates a task for staff (e.g. "call the customer"), once per run. */
export const task: Step<'task'> = async (node, ctx) => {
  const role = node.config.role ?? 'support';
  const created = await ctx.activities.createTask({
    run: ctx.run,
    nodeId: node.id,
    role,
    text: node.config.text,
    bonus: ctx.state.bonus,
    timezone: ctx.plan.settings.timezone,
    now: ctx.now().toISOString(),
  });
  return { outcome: 'created', port: 'out', reason: `задача для роли «${role}»: ${created.text.slice(0, 120)}`, data: { taskId: created.taskId } };
};
