import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../support/postgres';
import { upsertCustomers } from '../../server/ingest/customers';
import { ingestOrders, type IngestedOrder } from '../../server/ingest/orders';
import { BatchError, MAX_BATCH } from '../../server/ingest/batch';
import { bonusBalance, grantBonus, grantState } from '../../server/bonus/ledger';

const day = 86_400_000;

describe('order and customer ingest', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startTestDatabase();
  });
  afterAll(() => db?.stop());
  beforeEach(async () => {
    await db.sql`TRUNCATE customers, customer_stats, orders, order_items, bonus_ledger CASCADE`;
  });

  const customer = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: 'Анна', registeredAt: '2024-01-10T09:00:00+03:00', ...extra });

  it('normalises contacts, keeps omitted fields on update and reports unchanged records as duplicates', async () => {
    const first = await upsertCustomers(db.sql, [
      customer('c1', { phone: '8 (912) 345-67-89', email: ' Anna@Example.RU ', timezone: 'Asia/Yekaterinburg', subscriptions: { sms: true } }),
    ]);
    expect(first.results).toEqual([{ index: 0, id: 'c1', status: 'accepted' }]);
    const [row] = await db.sql`SELECT phone, email, timezone, sub_sms, sub_email, card_type FROM customers WHERE id = 'c1'`;
    expect(row).toEqual({ phone: '+79123456789', email: 'anna@example.ru', timezone: 'Asia/Yekaterinburg', sub_sms: true, sub_email: false, card_type: 'regular' });
    const [stats] = await db.sql`SELECT order_count, total_spent FROM customer_stats WHERE customer_id = 'c1'`;
    expect(stats).toEqual({ order_count: 0, total_spent: 0 });

    const second = await upsertCustomers(db.sql, [
      customer('c1', { cardType: 'vip', subscriptions: { email: true } }),
      customer('c1-same', {}),
      customer('c1', {}),
    ]);
    expect(second.results.map((r) => r.status)).toEqual(['updated', 'accepted', 'rejected']);
    const [after] = await db.sql`SELECT phone, email, card_type, sub_sms, sub_email FROM customers WHERE id = 'c1'`;
    expect(after).toEqual({ phone: '+79123456789', email: 'anna@example.ru', card_type: 'vip', sub_sms: true, sub_email: true });

    const third = await upsertCustomers(db.sql, [customer('c1', { cardType: 'vip', phone: null }), customer('c1-same')]);
    expect(third.results.map((r) => r.status)).toEqual(['updated', 'duplicate']);
    const [cleared] = await db.sql`SELECT phone FROM customers WHERE id = 'c1'`;
    expect(cleared.phone).toBeNull();
  });

  it('reports every rejected record with its index, id, field and reason, and applies the valid ones', async () => {
    const result = await upsertCustomers(db.sql, [
      customer('ok'),
      customer('bad-phone', { phone: '12345' }),
      customer('bad-tz', { timezone: 'Moscow' }),
      { id: 'no-date' },
      customer('bad-email', { email: 'not-an-email' }),
      customer('typo', { registered_at: '2024-01-01' }),
    ]);
    expect(result.summary).toEqual({ accepted: 1, updated: 0, duplicate: 0, rejected: 5, keptOptOut: 0 });
    const issues = Object.fromEntries(result.results.filter((r) => r.status === 'rejected').map((r) => [r.id, (r as { issues: { field: string; message: string }[] }).issues]));
    expect(issues['bad-phone']).toEqual([expect.objectContaining({ field: 'phone', message: expect.stringContaining('+7') })]);
    expect(issues['bad-tz']).toEqual([expect.objectContaining({ field: 'timezone', message: expect.stringContaining('IANA') })]);
    expect(issues['no-date']).toEqual([expect.objectContaining({ field: 'registeredAt', message: 'is required' })]);
    expect(issues['bad-email'][0].field).toBe('email');
    expect(issues['typo'][0].message).toContain('registered_at');
    expect((await db.sql`SELECT id FROM customers`).map((r) => r.id)).toEqual(['ok']);

    await upsertCustomers(db.sql, [customer('c1')]);
    const orders = await ingestOrders(db.sql, [
      { id: 'o-1', customerId: 'c1', amount: 500, placedAt: '2025-01-01T10:00:00Z' },
      { id: 'o-17', customerId: 'c1', amount: -5, placedAt: '2025-01-01T10:00:00Z' },
      { id: 'o-18', customerId: 'ghost', amount: 5, placedAt: '2025-01-01T10:00:00Z' },
      { id: 'o-19', customerId: 'c1', amount: 5, placedAt: '01.01.2025' },
    ]);
    expect(orders.results).toEqual([
      { index: 0, id: 'o-1', status: 'accepted' },
      { index: 1, id: 'o-17', status: 'rejected', issues: [{ field: 'amount', message: 'must be ≥ 0', messageRu: 'должно быть не меньше 0' }] },
      { index: 2, id: 'o-18', status: 'rejected', issues: [expect.objectContaining({ field: 'customerId', message: expect.stringContaining('unknown customer') })] },
      { index: 3, id: 'o-19', status: 'rejected', issues: [expect.objectContaining({ field: 'placedAt' })] },
    ]);
  });

  it('rejects a whole batch that is not an array or is too large', async () => {
    await expect(ingestOrders(db.sql, { id: 'o-1' })).rejects.toMatchObject({ status: 400, code: 'invalid_batch' });
    const huge = Array.from({ length: MAX_BATCH + 1 }, (_, i) => ({ id: `c${i}` }));
    const error = await upsertCustomers(db.sql, huge).catch((e) => e);
    expect(error).toBeInstanceOf(BatchError);
    expect(error.status).toBe(413);
  });

  it('is idempotent by order id: the same order twice is one order, one redemption, one hook call', async () => {
    await upsertCustomers(db.sql, [customer('c1')]);
    await grantBonus(db.sql, { customerId: 'c1', points: 300, at: new Date('2025-01-01T00:00:00Z'), expiresAt: new Date('2025-02-01T00:00:00Z') });
    const seen: IngestedOrder[][] = [];
    const order = { id: 'o-1', customerId: 'c1', amount: '1200.50', placedAt: '2025-01-10T12:00:00+03:00', bonusSpent: 200, items: [{ sku: 'L1', name: 'Латте', category: 'Кофе', qty: 2, price: 600.25 }] };
    const first = await ingestOrders(db.sql, [order], { onOrdersIngested: (o) => void seen.push(o) });
    const again = await ingestOrders(db.sql, [order, { ...order, id: 'o-2', bonusSpent: 0 }], { onOrdersIngested: (o) => void seen.push(o) });
    expect(first.results[0].status).toBe('accepted');
    expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'accepted']);
    expect(seen).toEqual([
      [{ customerId: 'c1', orderId: 'o-1', placedAt: new Date('2025-01-10T09:00:00Z'), amount: 1200.5 }],
      [{ customerId: 'c1', orderId: 'o-2', placedAt: new Date('2025-01-10T09:00:00Z'), amount: 1200.5 }],
    ]);
    expect(await db.sql`SELECT count(*)::int AS n FROM orders`).toEqual([{ n: 2 }]);
    expect(await db.sql`SELECT count(*)::int AS n FROM order_items`).toEqual([{ n: 2 }]);
    expect(await db.sql`SELECT sum(points)::int AS p FROM bonus_ledger WHERE kind = 'redeem'`).toEqual([{ p: -200 }]);
    expect(await bonusBalance(db.sql, 'c1', new Date('2025-01-11T00:00:00Z'))).toBe(100);

    const changed = await ingestOrders(db.sql, [{ ...order, amount: 1 }]);
    expect(changed.results[0]).toMatchObject({ status: 'duplicate', warnings: [{ field: 'amount' }] });
    expect(await db.sql`SELECT amount FROM orders WHERE id = 'o-1'`).toEqual([{ amount: 1200.5 }]);
  });

  it('computes statistics correctly whatever order the orders arrive in', async () => {
    await upsertCustomers(db.sql, [customer('c1'), customer('c2')]);
    const t0 = Date.parse('2025-03-01T10:00:00Z');
    const orders = [
      { id: 'a', customerId: 'c1', amount: 300, placedAt: new Date(t0 + 20 * day).toISOString(), items: [{ sku: 'b1', name: 'Багет', category: 'Хлеб', qty: 3, price: 100 }] },
      { id: 'b', customerId: 'c1', amount: 900, placedAt: new Date(t0).toISOString(), items: [{ sku: 'k1', name: 'Капучино', category: 'Кофе', qty: 1, price: 250 }, { sku: 't1', name: 'Торт', category: 'Десерты', qty: 1, price: 650 }] },
      { id: 'c', customerId: 'c1', amount: 600, placedAt: new Date(t0 + 10 * day).toISOString(), items: [{ sku: 'k1', name: 'Капучино', category: 'Кофе', qty: 2, price: 250 }] },
      { id: 'd', customerId: 'c2', amount: 700, placedAt: new Date(t0 + 5 * day).toISOString() },
    ];
    // Newest first, one at a time, then the rest in a batch: the result must equal the chronological truth.
    await ingestOrders(db.sql, [orders[0]]);
    await ingestOrders(db.sql, [orders[2], orders[3]]);
    await ingestOrders(db.sql, [orders[1]]);
    const stats = await db.sql`SELECT customer_id, order_count, total_spent, avg_check, first_order_at, last_order_at, avg_days_between_orders, favorite_category
                              FROM customer_stats ORDER BY customer_id`;
    expect(stats).toEqual([
      {
        customer_id: 'c1', order_count: 3, total_spent: 1800, avg_check: 600,
        first_order_at: new Date(t0), last_order_at: new Date(t0 + 20 * day), avg_days_between_orders: 10, favorite_category: 'Кофе',
      },
      {
        customer_id: 'c2', order_count: 1, total_spent: 700, avg_check: 700,
        first_order_at: new Date(t0 + 5 * day), last_order_at: new Date(t0 + 5 * day), avg_days_between_orders: null, favorite_category: null,
      },
    ]);
  });

  it('redeems soonest-expiring grants first, only grants valid at placedAt, and never below zero', async () => {
    await upsertCustomers(db.sql, [customer('c1')]);
    const at = (d: string) => new Date(`${d}T00:00:00Z`);
    const late = await grantBonus(db.sql, { customerId: 'c1', points: 100, at: at('2025-01-01'), expiresAt: at('2025-03-01') });
    const soon = await grantBonus(db.sql, { customerId: 'c1', points: 100, at: at('2025-01-02'), expiresAt: at('2025-01-20') });
    const forever = await grantBonus(db.sql, { customerId: 'c1', points: 50, at: at('2025-01-03'), expiresAt: null });
    const future = await grantBonus(db.sql, { customerId: 'c1', points: 500, at: at('2025-02-01'), expiresAt: at('2025-02-10') });

    const first = await ingestOrders(db.sql, [{ id: 'o1', customerId: 'c1', amount: 1000, placedAt: '2025-01-10T00:00:00Z', bonusSpent: 150 }]);
    expect(first.results[0]).toEqual({ index: 0, id: 'o1', status: 'accepted' });
    expect((await grantState(db.sql, soon.id, at('2025-01-11')))!.remaining).toBe(0);
    expect((await grantState(db.sql, late.id, at('2025-01-11')))!.remaining).toBe(50);
    expect((await grantState(db.sql, forever.id, at('2025-01-11')))!.remaining).toBe(50);

    // 1,000 asked, 100 available on 15.01 (the 500-point grant starts only on 01.02): the order stays, 100 are redeemed.
    const greedy = await ingestOrders(db.sql, [{ id: 'o2', customerId: 'c1', amount: 1000, placedAt: '2025-01-15T00:00:00Z', bonusSpent: 1000 }]);
    expect(greedy.results[0]).toMatchObject({ status: 'accepted', warnings: [{ field: 'bonusSpent', message: expect.stringContaining('only 100 of 1000') }] });
    expect(await bonusBalance(db.sql, 'c1', at('2025-01-16'))).toBe(0);
    expect(await bonusBalance(db.sql, 'c1', at('2025-02-02'))).toBe(500);
    expect((await grantState(db.sql, future.id, at('2025-02-02')))!.remaining).toBe(500);
    expect((await grantState(db.sql, soon.id, at('2025-01-25')))!.expired).toBe(true);
    const [{ min }] = await db.sql`SELECT min(g.points + coalesce(u.used, 0))::int AS min FROM bonus_ledger g
      LEFT JOIN (SELECT grant_id, sum(points) AS used FROM bonus_ledger WHERE grant_id IS NOT NULL GROUP BY grant_id) u ON u.grant_id = g.id
      WHERE g.kind = 'grant'`;
    expect(min).toBe(0);
  });

  it('never spends the same points twice nor stores an order twice when batches of one customer arrive at the same time', async () => {
    await upsertCustomers(db.sql, [customer('c1')]);
    await grantBonus(db.sql, { customerId: 'c1', points: 150, at: new Date('2025-01-01T00:00:00Z'), expiresAt: null });
    const spend = (id: string) => ingestOrders(db.sql, [{ id, customerId: 'c1', amount: 500, placedAt: '2025-01-05T00:00:00Z', bonusSpent: 100 }]);
    const outcomes = await Promise.all([spend('p1'), spend('p2'), spend('p1'), spend('p3')]);
    expect(outcomes.map((o) => o.results[0].status).sort()).toEqual(['accepted', 'accepted', 'accepted', 'duplicate']);
    expect(await db.sql`SELECT sum(points)::int AS p FROM bonus_ledger WHERE kind = 'redeem'`).toEqual([{ p: -150 }]);
    expect(await bonusBalance(db.sql, 'c1', new Date('2025-01-06T00:00:00Z'))).toBe(0);
    expect(await db.sql`SELECT order_count FROM customer_stats WHERE customer_id = 'c1'`).toEqual([{ order_count: 3 }]);
  });

  it('serialises 20 batches arriving at once for the same customers: no balance below zero, statistics equal a recount', async () => {
    await upsertCustomers(db.sql, [customer('c1'), customer('c2')]);
    for (const id of ['c1', 'c2']) await grantBonus(db.sql, { customerId: id, points: 150, at: new Date('2025-01-01T00:00:00Z'), expiresAt: null });
    // Half the batches name the customers in the other order: locking must not deadlock on that.
    const batch = (i: number) => {
      const orders = ['c1', 'c2'].map((c) => ({ id: `${c}-b${i}`, customerId: c, amount: 100 + i, placedAt: `2025-01-${String(2 + i).padStart(2, '0')}T00:00:00Z`, bonusSpent: 100 }));
      return ingestOrders(db.sql, i % 2 ? orders.reverse() : orders);
    };
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => batch(i)));
    expect(outcomes.flatMap((o) => o.results.map((r) => r.status))).toEqual(Array(40).fill('accepted'));
    expect(await db.sql`SELECT customer_id, sum(points)::int AS p FROM bonus_ledger WHERE kind = 'redeem' GROUP BY 1 ORDER BY 1`).toEqual([
      { customer_id: 'c1', p: -150 },
      { customer_id: 'c2', p: -150 },
    ]);
    const [{ min }] = await db.sql`SELECT min(g.points + coalesce(u.used, 0))::int AS min FROM bonus_ledger g
      LEFT JOIN (SELECT grant_id, sum(points) AS used FROM bonus_ledger WHERE grant_id IS NOT NULL GROUP BY grant_id) u ON u.grant_id = g.id
      WHERE g.kind = 'grant'`;
    expect(min).toBe(0);
    const stats = await db.sql`SELECT customer_id, order_count, total_spent::float8 AS total, last_order_at FROM customer_stats ORDER BY 1`;
    const recount = await db.sql`SELECT customer_id, count(*)::int AS order_count, sum(amount)::float8 AS total, max(placed_at) AS last_order_at FROM orders GROUP BY 1 ORDER BY 1`;
    expect(stats).toEqual(recount);
  });

  it('grants idempotently by key', async () => {
    await upsertCustomers(db.sql, [customer('c1')]);
    const input = { customerId: 'c1', points: 180, at: new Date('2025-01-01T00:00:00Z'), expiresAt: new Date('2025-01-08T00:00:00Z'), idempotencyKey: 'run-1:gift' };
    const a = await grantBonus(db.sql, input);
    const b = await grantBonus(db.sql, input);
    expect([a.created, b.created, a.id === b.id]).toEqual([true, false, true]);
    expect(await bonusBalance(db.sql, 'c1', new Date('2025-01-02T00:00:00Z'))).toBe(180);
  });
});
