import { WorkflowNotFoundError } from '@temporalio/client';
import type { SimulationActivities } from '../../workflows/simulation';
import { ingestOrders } from '../ingest/orders';
import { createOrderSignaller } from '../temporal/orderSignals';
import type { ActivityDeps } from './deps';

/** Orders that happen during a simulation go through the real ingest path, then signal live runs as ingest does. */
export function simulationActivities(deps: ActivityDeps): SimulationActivities {
  const onOrdersIngested = createOrderSignaller(deps.sql, deps.client);
  return {
    async placeSimulatedOrder({ order }) {
      const result = await ingestOrders(deps.sql, [order]);
      const rejected = result.results.find((r) => r.status === 'rejected');
      if (rejected) throw new Error(`simulated order ${order.id} rejected: ${JSON.stringify(rejected)}`);
      // Signalled even when a retried attempt finds the order already stored: a signal to a finished run is a no-op.
      await onOrdersIngested([{ orderId: order.id, customerId: order.customerId, placedAt: new Date(order.placedAt), amount: order.amount }]);
    },
    async endSimulation({ scenarioId }) {
      // Rows stay `running`: that is where each customer was when the simulated period ended.
      const live = await deps.sql<{ workflow_id: string }[]>`SELECT workflow_id FROM runs WHERE scenario_id = ${scenarioId} AND status = 'running'`;
      await Promise.all(
        live.map((r) =>
          deps.client.workflow
            .getHandle(r.workflow_id)
            .terminate('simulated period is over')
            .catch((error) => {
              if (!(error instanceof WorkflowNotFoundError)) throw error;
            }),
        ),
      );
      return live.length;
    },
  };
}
