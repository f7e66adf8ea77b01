import { WorkflowNotFoundError } from '@temporalio/client';
import type { SimulationActivities } from '../../workflows/simulation';
import { ingestOrders } from '../ingest/orders';
import { deliverOrderSignals } from '../temporal/orderSignals';
import type { ActivityDeps } from './deps';

/** Orders that happen during a simulation go through the real ingest path, then signal live runs as ingest does. */
export function simulationActivities(deps: ActivityDeps): SimulationActivities {
  return {
    async placeSimulatedOrder({ order }) {
      const result = await ingestOrders(deps.sql, [order]);
      const rejected = result.results.find((r) => r.status === 'rejected');
      if (rejected) throw new Error(`simulated order ${order.id} rejected: ${JSON.stringify(rejected)}`);
      // Delivered from the outbox at once (a simulation has no background deliverer); a retried attempt finds the
      // order stored and its outbox row gone, or delivers what is left of it.
      const delivery = await deliverOrderSignals(deps.sql, deps.client, { orderIds: [order.id] });
      if (delivery.failed > 0) throw new Error(`simulated order ${order.id}: live runs not told: ${delivery.error}`);
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
