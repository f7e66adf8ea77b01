import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DAY_EDGES, DEFAULT_ORDER_EDGES } from '../../shared/rfm/buckets';
import { compactCounts, RFM_COUNTS } from '../../server/analytics/counts';
import type { Sql } from '../../server/db/client';
import { generateDemoData } from '../../server/demo/generate';
import { refreshCustomerStats } from '../../server/ingest/stats';
import { rfmMatrix } from '../../server/rfm/matrix';
import { startTestDatabase, type TestDatabase } from '../support/postgres';

const DAY = 86_400_000;
const EDGES = [
  { orders: [...DEFAULT_ORDER_EDGES], days: [...DEFAULT_DAY_EDGES] },
  { orders: [2, 5, 10], days: [0.5, 7, 30, 90, 180, 365] },
];

/**
 * The RFM matrix read from rfm_counts (migration 0170) equals one grouped pass over customer_stats, at any instant:
 * including the instants where an edge falls exactly on a customer's last order, or inside the day of it.
 */
async function expectCountsEqualRecount(sql: Sql, when: string, instants: Date[]) {
  for (const edges of EDGES) {
    for (const now of instants) {
      const label = `${when}, edges ${JSON.stringify(edges)}, at ${now.toISOString()}`;
      expect(await rfmMatrix(sql, edges, now), label).toEqual(await rfmMatrix(sql, edges, now, { recount: true }));
    }
  }
}

const deltas = async (sql: Sql) => (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM rfm_counts WHERE NOT compacted`)[0].n;

describe('pre-aggregated RFM counts', () => {
  let db: TestDatabase;
  let instants: Date[];
  const now = new Date('2026-05-20T09:30:00Z');
  beforeAll(async () => {
    db = await startTestDatabase();
    await generateDemoData(db.sql, { customers: 400, seed: 11, now });
    await db.sql`INSERT INTO customers (id, name, registered_at) VALUES ('no-orders', 'Без заказов', now())`;
    // The instant where the 24-day edge falls exactly on a last order, a millisecond either side of it, and a few
    // ordinary ones.
    const [{ last }] = await db.sql<{ last: Date }[]>`SELECT max(last_order_at) AS last FROM customer_stats WHERE order_count > 1`;
    const exact = new Date(last.getTime() + 24 * DAY);
    instants = [now, new Date(now.getTime() + 0.5 * DAY), exact, new Date(exact.getTime() - 1), new Date(exact.getTime() + 1), new Date(now.getTime() + 400 * DAY)];
  }, 120_000);
  afterAll(async () => {
    await db?.stop();
  });

  it('equal a recount as written, half compacted and compacted, at instants on and beside the edges', async () => {
    expect(await deltas(db.sql)).toBeGreaterThan(0);
    await expectCountsEqualRecount(db.sql, 'as written', instants);
    await compactCounts(db.sql, RFM_COUNTS, Math.ceil((await deltas(db.sql)) / 2));
    await expectCountsEqualRecount(db.sql, 'half compacted', instants);
    while ((await compactCounts(db.sql, RFM_COUNTS, 100)).more);
    expect(await deltas(db.sql)).toBe(0);
    await expectCountsEqualRecount(db.sql, 'compacted', instants);
    // The matrix reads a few hundred rows for 400 customers, and would for 10,000,000.
    const [{ n }] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM rfm_counts`;
    expect(n).toBeLessThan(1000);
  });

  it('follow new orders, a refresh that changes nothing, and deleted customers', async () => {
    const before = await rfmMatrix(db.sql, EDGES[0], now);
    await refreshCustomerStats(db.sql, 'all');
    expect(await rfmMatrix(db.sql, EDGES[0], now)).toEqual(before);

    const buyers = await db.sql<{ id: string }[]>`SELECT customer_id AS id FROM customer_stats WHERE order_count > 0 ORDER BY customer_id LIMIT 30`;
    await db.sql`
      INSERT INTO orders (id, customer_id, amount, placed_at)
      SELECT 'new-' || b.id, b.id, 1234.5, ${now}::timestamptz - interval '3 days' FROM unnest(${buyers.map((b) => b.id)}::text[]) AS b(id)`;
    await refreshCustomerStats(db.sql, buyers.map((b) => b.id));
    const after = await rfmMatrix(db.sql, EDGES[0], now);
    expect(after.total.orders).toBe(before.total.orders + 30);
    expect(after.total.revenue).toBeCloseTo(before.total.revenue + 30 * 1234.5, 2);

    const gone = await db.sql<{ id: string }[]>`SELECT id FROM customers ORDER BY id DESC LIMIT 25`;
    await db.sql`DELETE FROM bonus_ledger WHERE customer_id = ANY(${gone.map((g) => g.id)}::text[])`;
    await db.sql`DELETE FROM order_items WHERE order_id IN (SELECT id FROM orders WHERE customer_id = ANY(${gone.map((g) => g.id)}::text[]))`;
    await db.sql`DELETE FROM orders WHERE customer_id = ANY(${gone.map((g) => g.id)}::text[])`;
    await db.sql`DELETE FROM customers WHERE id = ANY(${gone.map((g) => g.id)}::text[])`;
    await expectCountsEqualRecount(db.sql, 'after new orders and deleted customers', instants);
    const [{ n }] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM customers`;
    const m = await rfmMatrix(db.sql, EDGES[0], now);
    expect(m.total.customers + m.withoutOrders.customers + m.belowFirstEdge.customers).toBe(n);
  });

  it('empty with a TRUNCATE, and are rebuilt from what is stored', async () => {
    await db.sql`DELETE FROM rfm_counts`;
    await db.sql`SELECT rebuild_rfm_counts()`;
    await expectCountsEqualRecount(db.sql, 'rebuilt', instants);
    await db.sql`TRUNCATE customers, customer_stats, orders, order_items, bonus_ledger CASCADE`;
    const [{ n }] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM rfm_counts`;
    expect(n).toBe(0);
    expect((await rfmMatrix(db.sql, EDGES[0], now)).withoutOrders.customers).toBe(0);
  });
});
