import { WorkflowNotFoundError } from '@temporalio/client';
import type { SimulationActivities } from '../../workflows/simulation';
import { deliverEntries } from '../entries/deliver';
import { ingestEvents } from '../ingest/events';
import { freshSince, ingestOrders } from '../ingest/orders';
import { deliverOrderSignals } from '../temporal/orderSignals';
import type { ActivityDeps } from './deps';

/** Orders that happen during a simulation go through the real ingest path, then signal live runs as ingest does. */
export function simulationActivities(deps: ActivityDeps): SimulationActivities {
  // The scenarios an order or event triggers start at its simulated moment (a simulation has no background deliverer;
  // a retried attempt finds the outbox row gone, or the customer's run started).
  const enter = async (key: string, at: string, clockOffsetMs: number) => {
    const delivery = await deliverEntries({ ...deps, clockOffsetMs }, { keys: [key], now: new Date(at) });
    if (delivery.failed > 0) throw new Error(`simulated ${key}: entries not delivered: ${delivery.error}`);
  };
  return {
    async placeSimulatedOrder({ order, at, clockOffsetMs }) {
      // In the simulated calendar: the order is fresh at its own moment.
      const result = await ingestOrders(deps.sql, [order], { entriesSince: freshSince(new Date(order.placedAt)) });
      const rejected = result.results.find((r) => r.status === 'rejected');
      if (rejected) throw new Error(`simulated order ${order.id} rejected: ${JSON.stringify(rejected)}`);
      // Delivered from the outbox at once (a simulation has no background deliverer); a retried attempt finds the
      // order stored and its outbox row gone, or delivers what is left of it.
      const delivery = await deliverOrderSignals(deps.sql, deps.client, { orderIds: [order.id] });
      if (delivery.failed > 0) throw new Error(`simulated order ${order.id}: live runs not told: ${delivery.error}`);
      if (at) await enter(`order:${order.id}`, at, clockOffsetMs ?? 0);
    },
    async reportSimulatedEvent({ event, at, clockOffsetMs }) {
      const result = await ingestEvents(deps.sql, [event], { entriesSince: freshSince(new Date(event.at)) });
      const rejected = result.results.find((r) => r.status === 'rejected');
      if (rejected) throw new Error(`simulated event ${event.id} rejected: ${JSON.stringify(rejected)}`);
      await enter(`event:${event.id}`, at, clockOffsetMs);
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
