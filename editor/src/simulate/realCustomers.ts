import type { AudienceSampleCustomer } from '../../../shared/api/audience';

/** A customer from the database as `GET /api/scenarios/:id/audience/sample` returns one: records ready to simulate. */
export type RealCustomer = AudienceSampleCustomer;

interface SimulationBody {
  customers: Array<{ id: string }>;
  orders: Array<{ id: string }>;
}

/**
 * Adds real customers (their record and order history, copied as they are) to a simulation request beside the
 * synthetic ones. The simulation runs on isolated data, so the copies never touch the real customers.
 */
export function withRealCustomers<T extends SimulationBody>(body: T, real: RealCustomer[]): T {
  const taken = new Set(body.customers.map((c) => c.id));
  const added = real.filter((r) => !taken.has(r.customer.id));
  return {
    ...body,
    customers: [...body.customers, ...added.map((r) => r.customer)],
    orders: [...body.orders, ...added.flatMap((r) => r.orders)],
  };
}

/** How a real customer is called in the panel: their name, else their id. */
export function realCustomerName(r: RealCustomer): string {
  return r.customer.name?.trim() || r.customer.id;
}
