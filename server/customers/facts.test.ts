import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCustomer, insertCustomers } from '../../test/support/conditionFixtures';
import { startTestDatabase, type TestDatabase } from '../../test/support/postgres';
import { loadCustomerFacts } from './facts';

const NOW = new Date('2026-06-01T09:00:00.000Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const later = (days: number) => new Date(NOW.getTime() + days * DAY);

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
  await insertCustomers(db.sql, [
    fixtureCustomer('regular', {
      registeredAt: ago(400),
      cardType: 'vip',
      city: 'Тверь',
      phone: '+79990001122',
      email: '   ',
      telegramChatId: '12345',
      sub: { sms: true, email: true, telegram: false, push: true },
      tags: ['звонили', 'vip'],
      attributes: { level: 'gold', visits: 12, active: true },
      orders: [
        { at: ago(35), amount: 1000, category: 'Кофе' },
        { at: ago(28), amount: 500.5, category: 'Чай' },
        { at: ago(21), amount: 800, category: 'Кофе' },
      ],
      grants: [
        // Live: 300 granted, 100 spent before now, 50 "spent" after now (not yet).
        { at: ago(10), points: 300, expiresAt: later(4), redeemed: [{ at: ago(2), points: 100 }, { at: later(1), points: 50 }] },
        // Expired yesterday: gone from the balance.
        { at: ago(20), points: 200, expiresAt: ago(1), redeemed: [] },
        // Granted tomorrow: not yet there.
        { at: later(1), points: 70, expiresAt: null, redeemed: [] },
        // Never expires.
        { at: ago(100), points: 40, expiresAt: null, redeemed: [] },
      ],
    }),
    fixtureCustomer('single', { registeredAt: ago(66.5), orders: [{ at: ago(66), amount: 900, category: null }] }),
    fixtureCustomer('new', { registeredAt: ago(0.25) }),
  ]);
}, 120_000);
afterAll(() => db?.stop());

describe('loadCustomerFacts', () => {
  it('computes order rhythm, spend, balance and reachable channels for a regular customer', async () => {
    expect(await loadCustomerFacts(db.sql, 'regular', NOW)).toEqual({
      daysSinceLastOrder: 21,
      orderCount: 3,
      totalSpent: 2300.5,
      avgCheck: 766.83,
      daysSinceRegistration: 400,
      avgDaysBetweenOrders: 7,
      overdueRatio: 3,
      cardType: 'vip',
      city: 'Тверь',
      bonusBalance: 240,
      favoriteCategory: 'Кофе',
      // Email is subscribed but blank: not reachable. Telegram has a chat but no consent. Push has consent, no token.
      subscribed: { sms: true, email: false, telegram: false, push: false },
      tags: ['звонили', 'vip'],
      attributes: { level: 'gold', visits: 12, active: true },
    });
  });

  it('leaves the rhythm unknown below two orders and everything order-based unknown without orders', async () => {
    expect(await loadCustomerFacts(db.sql, 'single', NOW)).toMatchObject({
      daysSinceLastOrder: 66,
      orderCount: 1,
      avgCheck: 900,
      avgDaysBetweenOrders: null,
      overdueRatio: null,
      daysSinceRegistration: 66.5,
      favoriteCategory: null,
      bonusBalance: 0,
    });
    expect(await loadCustomerFacts(db.sql, 'new', NOW)).toMatchObject({
      daysSinceLastOrder: null,
      orderCount: 0,
      totalSpent: 0,
      avgCheck: null,
      daysSinceRegistration: 0.25,
      cardType: 'regular',
      city: null,
    });
  });

  it('returns null for a customer that does not exist', async () => {
    expect(await loadCustomerFacts(db.sql, 'nobody', NOW)).toBeNull();
  });
});
