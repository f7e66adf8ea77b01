import type { Channel } from '../../../shared/scenario/schema';

/** A made-up customer as the simulation form describes one. */
export interface SyntheticCustomer {
  id: string;
  name: string;
  city: string;
  cardType: 'regular' | 'vip';
  daysSinceLastOrder: number;
  orderCount: number;
  avgCheck: number;
  subscriptions: Record<Channel, boolean>;
  /** Day of the simulation (1-based) on which the customer buys again; null: never. */
  buysOnDay: number | null;
}

export const DEFAULT_SYNTHETIC: SyntheticCustomer[] = [
  { id: 'sim-1', name: 'Анна Петрова', city: 'Тверь', cardType: 'regular', daysSinceLastOrder: 200, orderCount: 1, avgCheck: 900, subscriptions: { sms: true, email: true, telegram: false, push: false }, buysOnDay: null },
  { id: 'sim-2', name: 'Алексей Смирнов', city: 'Москва', cardType: 'vip', daysSinceLastOrder: 190, orderCount: 5, avgCheck: 4000, subscriptions: { sms: true, email: true, telegram: true, push: false }, buysOnDay: 10 },
  { id: 'sim-3', name: 'Ирина Волкова', city: 'Казань', cardType: 'regular', daysSinceLastOrder: 30, orderCount: 3, avgCheck: 1200, subscriptions: { sms: true, email: false, telegram: false, push: false }, buysOnDay: null },
];

const DAY = 86_400_000;

/**
 * The `POST /api/simulate` request for these customers: each gets a contact per subscribed channel, a purchase
 * history that yields the described recency, frequency and average check, and an optional purchase during the run.
 */
export function simulationRequest(scenario: unknown, customers: SyntheticCustomer[], startIso: string, days: number) {
  const start = new Date(startIso).getTime();
  const orders: Array<{ id: string; customerId: string; amount: number; placedAt: string }> = [];
  const events: Array<{ type: 'order'; order: { id: string; customerId: string; amount: number; placedAt: string } }> = [];
  const people = customers.map((c, index) => {
    // Past orders every 30 days, the latest `daysSinceLastOrder` days before the start.
    const last = start - c.daysSinceLastOrder * DAY;
    for (let i = 0; i < c.orderCount; i++) {
      orders.push({ id: `${c.id}-o${i + 1}`, customerId: c.id, amount: c.avgCheck, placedAt: new Date(last - (c.orderCount - 1 - i) * 30 * DAY).toISOString() });
    }
    const firstOrder = last - Math.max(0, c.orderCount - 1) * 30 * DAY;
    const registeredAt = new Date(Math.min(firstOrder, start) - 60 * DAY).toISOString();
    const purchase = purchaseTime(c, startIso);
    if (purchase) events.push({ type: 'order', order: { id: `${c.id}-new`, customerId: c.id, amount: purchase.amount, placedAt: purchase.at } });
    const n = index + 1;
    return {
      id: c.id,
      name: c.name,
      city: c.city || undefined,
      cardType: c.cardType,
      registeredAt,
      phone: `+7900000${String(n).padStart(4, '0')}`,
      email: `${c.id}@example.test`,
      telegramChatId: c.subscriptions.telegram ? String(100000 + n) : undefined,
      pushToken: c.subscriptions.push ? `push-${c.id}` : undefined,
      subscriptions: c.subscriptions,
    };
  });
  return { scenario, start: new Date(start).toISOString(), days, customers: people, orders, events };
}

/** The purchase the form describes: midday of simulation day `buysOnDay` (day 1 starts at the start). */
export function purchaseTime(c: SyntheticCustomer, startIso: string): { at: string; amount: number } | null {
  if (c.buysOnDay === null) return null;
  return { at: new Date(new Date(startIso).getTime() + (c.buysOnDay - 0.5) * DAY).toISOString(), amount: c.avgCheck };
}
