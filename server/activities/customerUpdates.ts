import type { RuntimeActivities } from '../../workflows/activities';
import { updateCustomerProfile } from '../customers/profile';
import type { ActivityDeps } from './deps';
import { stepKey } from './runs';

/**
 * `updateCustomer`: the node's tag and attribute changes, once per run + node (+ leg). Unlike a message, a bonus or
 * a task, this is bookkeeping the customer never sees, so it does not look for an order since entry before acting
 * (server/activities/stopOnPurchase.ts): a tag put on in the moment before a late stop signal arrives tells the truth
 * about the run's path and harms no one, and refusing it would make the tag depend on the signal's timing. A
 * simulation's activities are bound to the simulation's own database, so simulated updates never touch the shop's
 * customers.
 */
export function customerUpdateActivities({ sql }: ActivityDeps): Pick<RuntimeActivities, 'updateCustomer'> {
  return {
    updateCustomer: ({ run, nodeId, actions, at }) =>
      updateCustomerProfile(sql, run.customerId, actions, { key: stepKey(run, { nodeId }), at: new Date(at), runId: run.runId, scenarioId: run.scenarioId, nodeId }),
  };
}
