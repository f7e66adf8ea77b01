import { describe, expect, it } from 'vitest';
import { simulationRequest, DEFAULT_SYNTHETIC } from './customers';
import { withRealCustomers, type RealCustomer } from './realCustomers';

const boris: RealCustomer = {
  matches: true,
  customer: {
    id: 'C-77',
    name: 'Борис Иванов',
    phone: '+79004445566',
    email: null,
    telegramChatId: null,
    pushToken: null,
    city: 'Тверь',
    cardType: 'regular',
    registeredAt: '2025-01-10T09:00:00.000Z',
    timezone: null,
    subscriptions: { sms: true, email: false, telegram: false, push: false },
    tags: ['звонили'],
    attributes: { level: 'gold' },
  },
  orders: [
    { id: 'o-1', customerId: 'C-77', amount: 900, placedAt: '2025-03-01T10:00:00.000Z', bonusSpent: 0 },
    { id: 'o-2', customerId: 'C-77', amount: 1200, placedAt: '2025-05-01T10:00:00.000Z', bonusSpent: 100 },
  ],
  stats: { orderCount: 2, totalSpent: 2100, lastOrderAt: '2025-05-01T10:00:00.000Z' },
};

describe('real customers in a simulation request', () => {
  it('go in beside the synthetic ones with their whole order history, copied as is', () => {
    const base = simulationRequest({ format: 'scenario/v1' }, DEFAULT_SYNTHETIC.slice(0, 1), '2026-03-01T07:00:00.000Z', 30);
    const body = withRealCustomers(base, [boris]);
    expect(body.customers.map((c) => c.id)).toEqual(['sim-1', 'C-77']);
    expect(body.customers[1]).toBe(boris.customer);
    expect(body.orders.filter((o) => o.customerId === 'C-77')).toEqual(boris.orders);
    expect(body.orders.length).toBe(base.orders.length + 2);
    expect(body.events).toEqual(base.events);
  });

  it('never sends the same customer twice', () => {
    const base = simulationRequest({}, [], '2026-03-01T07:00:00.000Z', 30);
    const body = withRealCustomers(withRealCustomers(base, [boris]), [boris]);
    expect(body.customers).toHaveLength(1);
    expect(body.orders).toHaveLength(2);
  });
});
