import { ActivityFailure } from '@temporalio/workflow';
import type { Step } from '../context';

/**
 * Puts tags and attributes on the customer (bookkeeping the customer never sees, for later filters, segments and
 * support), then goes on through `out` whatever happened: a failed update is journaled, not a reason to stop.
 */
export const updateCustomer: Step<'updateCustomer'> = async (node, ctx) => {
  let update;
  try {
    update = await ctx.activities.updateCustomer({ run: ctx.run, nodeId: node.id, actions: node.config.actions, at: ctx.now().toISOString() });
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    return { outcome: 'failed', port: 'out', reason: `клиент не изменён: ${error.cause?.message ?? error.message}` };
  }
  if (!update.found) return { outcome: 'skipped', port: 'out', reason: 'клиент не изменён: его нет в базе' };
  const words = [...update.changed, ...update.unchanged, ...update.refused];
  return {
    outcome: update.changed.length > 0 ? 'updated' : 'unchanged',
    port: 'out',
    reason: update.changed.length > 0 ? words.join('; ') : `ничего не изменилось: ${words.join('; ')}`,
    data: { changed: update.changed, unchanged: update.unchanged, refused: update.refused },
  };
};
