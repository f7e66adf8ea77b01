// Order ingest throughput through POST /api/orders on a real PostgreSQL cluster, next to the floor of plain
// multi-row INSERT and COPY of the same rows; then statistics refresh, and the demo shop loading into PGlite.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sql } from '../../server/db/client';
import { generateDemoData } from '../../server/demo/generate';
import { Random } from '../../server/demo/random';
import { MENU } from '../../server/demo/catalog';
import { refreshCustomerStats } from '../../server/ingest/stats';
import { startTestApi } from '../support/api';
import { startTestDatabase } from '../support/postgres';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 50_000);
const BATCH = 1000;
const DEMO_CUSTOMERS = Number(process.env.BENCH_DEMO_CUSTOMERS ?? 20_000);

const say = (line: string) => console.log(`  ${line}`);
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

interface Order {
  id: string;
  customerId: string;
  amount: number;
  placedAt: string;
  items: { sku: string; name: string; category: string; qty: number; price: number }[];
}

function makeOrders(): Order[] {
  const rnd = new Random('ingest-bench');
  const start = Date.parse('2024-01-01T00:00:00Z');
  return Array.from({ length: ORDERS }, (_, i) => {
    const items = Array.from({ length: rnd.int(1, 3) }, () => {
      const m = rnd.pick(MENU);
      return { sku: m.sku, name: m.name, category: m.category, qty: rnd.int(1, 2), price: m.price };
    });
    return {
      id: `b-${i}`,
      customerId: `c-${rnd.int(0, CUSTOMERS - 1)}`,
      amount: items.reduce((s, it) => s + it.qty * it.price, 0),
      // Shuffled times: ingest must cope with out-of-order arrival, so the benchmark exercises it.
      placedAt: new Date(start + rnd.int(0, 700 * 86_400) * 1000).toISOString(),
      items,
    };
  });
}

async function reset(sql: Sql) {
  await sql`TRUNCATE order_signals, order_items, bonus_ledger, orders`;
  await sql`UPDATE customer_stats SET order_count = 0, total_spent = 0, avg_check = NULL, first_order_at = NULL, last_order_at = NULL, avg_days_between_orders = NULL, favorite_category = NULL`;
}

async function floorInsert(sql: Sql, orders: Order[]): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < orders.length; i += BATCH) {
    const batch = orders.slice(i, i + BATCH);
    await sql.begin(async (tx) => {
      await tx`INSERT INTO orders ${tx(batch.map((o) => ({ id: o.id, customer_id: o.customerId, amount: o.amount, placed_at: o.placedAt })))}`;
      await tx`INSERT INTO order_items ${tx(batch.flatMap((o) => o.items.map((it, k) => ({ order_id: o.id, line_no: k + 1, ...it }))))}`;
    });
  }
  return performance.now() - started;
}

async function floorCopy(sql: Sql, orders: Order[]): Promise<number> {
  const started = performance.now();
  await sql.begin(async (tx) => {
    const orderRows = orders.map((o) => `${o.id}\t${o.customerId}\t${o.amount}\t${o.placedAt}\n`);
    await pipeline(Readable.from(orderRows), await tx`COPY orders (id, customer_id, amount, placed_at) FROM STDIN`.writable());
    const itemRows = orders.flatMap((o) => o.items.map((it, k) => `${o.id}\t${k + 1}\t${it.sku}\t${it.name}\t${it.category}\t${it.qty}\t${it.price}\n`));
    await pipeline(Readable.from(itemRows), await tx`COPY order_items (order_id, line_no, sku, name, category, qty, price) FROM STDIN`.writable());
  });
  return performance.now() - started;
}

async function main() {
  console.log(`Order ingest: ${ORDERS.toLocaleString('en-US')} orders over ${CUSTOMERS.toLocaleString('en-US')} customers, batches of ${BATCH}, real PostgreSQL`);
  const api = await startTestApi();
  try {
    const token = await api.withToken(['ingest']);
    const customers = Array.from({ length: CUSTOMERS }, (_, i) => ({ id: `c-${i}`, name: `Покупатель ${i}`, registeredAt: '2023-12-01T00:00:00Z' }));
    let started = performance.now();
    for (let i = 0; i < customers.length; i += 5000) {
      const res = await token.post('/api/customers', customers.slice(i, i + 5000));
      if (res.status !== 200 || res.body.summary.rejected > 0) throw new Error(`customer upsert failed: ${res.status}`);
    }
    say(`POST /api/customers (batches of 5,000): ${seconds(performance.now() - started)}, ${rate(CUSTOMERS, performance.now() - started)}`);

    const orders = makeOrders();
    started = performance.now();
    for (let i = 0; i < orders.length; i += BATCH) {
      const res = await token.post('/api/orders', orders.slice(i, i + BATCH));
      if (res.status !== 200 || res.body.summary.accepted !== Math.min(BATCH, orders.length - i)) throw new Error(`order ingest failed: ${res.status} ${JSON.stringify(res.body.summary)}`);
    }
    const apiMs = performance.now() - started;
    say(`POST /api/orders: ${seconds(apiMs)}, ${rate(ORDERS, apiMs)} (validation, idempotency, redemptions, statistics per batch included)`);

    started = performance.now();
    for (let i = 0; i < orders.length; i += BATCH) await token.post('/api/orders', orders.slice(i, i + BATCH));
    say(`the same batches again (all duplicates): ${rate(ORDERS, performance.now() - started)}`);

    started = performance.now();
    await refreshCustomerStats(api.sql, 'all');
    say(`statistics refresh of all ${CUSTOMERS.toLocaleString('en-US')} customers (one statement): ${seconds(performance.now() - started)}`);

    await reset(api.sql);
    const insertMs = await floorInsert(api.sql, orders);
    say(`floor, plain multi-row INSERT of orders + lines in batches of ${BATCH}: ${seconds(insertMs)}, ${rate(ORDERS, insertMs)}`);
    await reset(api.sql);
    const copyMs = await floorCopy(api.sql, orders);
    say(`floor, COPY of orders + lines in one transaction: ${seconds(copyMs)}, ${rate(ORDERS, copyMs)}`);
    say(`ratio POST /api/orders ÷ multi-row INSERT: ${(apiMs / insertMs).toFixed(2)}× (goal ≤ 3×); ÷ COPY: ${(apiMs / copyMs).toFixed(2)}×`);
  } finally {
    await api.stop();
  }

  console.log(`Demo data: ${DEMO_CUSTOMERS.toLocaleString('en-US')} customers into PostgreSQL`);
  const db = await startTestDatabase();
  try {
    const summary = await generateDemoData(db.sql, { customers: DEMO_CUSTOMERS, seed: 1, now: new Date() });
    say(`${summary.orders.toLocaleString('en-US')} orders, ${summary.items.toLocaleString('en-US')} lines, statistics included: ${seconds(summary.millis)}`);
  } finally {
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
