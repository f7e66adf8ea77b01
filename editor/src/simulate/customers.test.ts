import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNTHETIC, simulationRequest, type SyntheticCustomer } from './customers';

const DAY = 86_400_000;
const start = '2026-03-01T07:00:00.000Z';

describe('synthetic customers for the simulation', () => {
  it('turns the form into a purchase history with the described recency, frequency and check', () => {
    const anna: SyntheticCustomer = { ...DEFAULT_SYNTHETIC[0], id: 'a', daysSinceLastOrder: 200, orderCount: 3, avgCheck: 900, buysOnDay: null };
    const req = simulationRequest({}, [anna], start, 30);
    const orders = req.orders.filter((o) => o.customerId === 'a');
    expect(orders).toHaveLength(3);
    const latest = Math.max(...orders.map((o) => Date.parse(o.placedAt)));
    expect((Date.parse(start) - latest) / DAY).toBe(200);
    expect(orders.every((o) => o.amount === 900)).toBe(true);
    // Registered before the first order, so "days since registration" is never shorter than the history.
    expect(Date.parse(req.customers[0].registeredAt)).toBeLessThan(Math.min(...orders.map((o) => Date.parse(o.placedAt))));
    expect(req.events).toEqual([]);
  });

  it('gives contacts in the formats ingest accepts and only the channels the form ticks', () => {
    const req = simulationRequest({}, DEFAULT_SYNTHETIC, start, 30);
    for (const c of req.customers) {
      expect(c.phone).toMatch(/^\+7\d{10}$/);
      expect(c.email).toMatch(/^[^@\s]+@[^@\s]+\.[^@\s]+$/);
    }
    expect(req.customers[0].telegramChatId).toBeUndefined();
    expect(req.customers[1].telegramChatId).toMatch(/^\d+$/);
  });

  it('places the described purchase in the middle of its simulation day', () => {
    const req = simulationRequest({}, [{ ...DEFAULT_SYNTHETIC[1], id: 'b', buysOnDay: 10 }], start, 30);
    expect(req.events).toEqual([{ type: 'order', order: { id: 'b-new', customerId: 'b', amount: DEFAULT_SYNTHETIC[1].avgCheck, placedAt: new Date(Date.parse(start) + 9.5 * DAY).toISOString() } }]);
  });
});
