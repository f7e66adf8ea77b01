import type { Sql } from '../db/client';
import type { Queryable } from '../ingest/queryable';
import { refreshCustomerStats } from '../ingest/stats';
import { buildDemoData, type DemoOptions } from './build';

export interface DemoSummary {
  customers: number;
  orders: number;
  items: number;
  grants: number;
  redemptions: number;
  millis: number;
}

/** Rows per INSERT: large enough to amortise round trips, small enough to keep each JSON parameter a few MB. */
const CHUNK = 5000;

export class DemoDataExistsError extends Error {
  constructor() {
    super('Demo data is already loaded (customers with ids demo-…). Use a fresh database to load it again.');
  }
}

/**
 * Loads the deterministic demo shop (see build.ts) in one transaction: bulk multi-row inserts, then the statistics
 * of every customer computed set-based at the end. Refuses to load twice.
 */
export async function generateDemoData(sql: Sql, options: DemoOptions & { log?: (line: string) => void }): Promise<DemoSummary> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const data = buildDemoData(options);
  log(`Built ${data.customers.length} customers and ${data.orders.length} orders; loading…`);
  await sql.begin(async (tx) => {
    const [{ exists }] = await tx<{ exists: boolean }[]>`SELECT exists(SELECT 1 FROM customers WHERE id LIKE 'demo-%') AS exists`;
    if (exists) throw new DemoDataExistsError();
    for (const rows of chunks(data.customers)) {
      await tx`
        INSERT INTO customers (id, name, phone, email, telegram_chat_id, push_token, city, card_type, registered_at, timezone,
                               sub_sms, sub_email, sub_telegram, sub_push)
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) AS r(
          id text, name text, phone text, email text, telegram_chat_id text, push_token text, city text, card_type text,
          registered_at timestamptz, timezone text, sub_sms boolean, sub_email boolean, sub_telegram boolean, sub_push boolean)`;
    }
    for (const rows of chunks(data.orders)) {
      await tx`
        INSERT INTO orders (id, customer_id, amount, placed_at, bonus_spent)
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb)
          AS r(id text, customer_id text, amount numeric, placed_at timestamptz, bonus_spent int)`;
    }
    log(`Loaded customers and orders; loading order lines…`);
    for (const rows of chunks(data.items)) {
      await tx`
        INSERT INTO order_items (order_id, line_no, sku, name, category, qty, price)
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb)
          AS r(order_id text, line_no int, sku text, name text, category text, qty numeric, price numeric)`;
    }
    await loadLedger(tx, data);
    log('Computing customer statistics…');
    await refreshCustomerStats(tx, 'all');
  });
  return {
    customers: data.customers.length,
    orders: data.orders.length,
    items: data.items.length,
    grants: data.grants.length,
    redemptions: data.redemptions.length,
    millis: Date.now() - started,
  };
}

async function loadLedger(tx: Queryable, data: ReturnType<typeof buildDemoData>): Promise<void> {
  for (const rows of chunks(data.grants)) {
    await tx`
      INSERT INTO bonus_ledger (customer_id, kind, points, at, expires_at, reason, idempotency_key)
      SELECT customer_id, 'grant', points, at, expires_at, reason, key
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb)
        AS r(key text, customer_id text, points int, at timestamptz, expires_at timestamptz, reason text)`;
  }
  for (const rows of chunks(data.redemptions)) {
    await tx`
      INSERT INTO bonus_ledger (customer_id, kind, points, at, grant_id, order_id, reason, idempotency_key)
      SELECT r.customer_id, 'redeem', -r.points, r.at, g.id, r.order_id, 'order', 'redeem:' || r.order_id || ':' || g.id
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb)
        AS r(grant_key text, customer_id text, order_id text, points int, at timestamptz)
      JOIN bonus_ledger g ON g.idempotency_key = r.grant_key`;
  }
}

function* chunks<T>(rows: T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += CHUNK) yield rows.slice(i, i + CHUNK);
}
