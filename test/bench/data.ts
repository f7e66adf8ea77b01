// Generated data the benchmarks share, written with generate_series in PostgreSQL itself.
import { compileScenario } from '../../shared/scenario/compile';
import { giftVsDiscount } from '../../shared/scenario/examples/giftVsDiscount';
import { ScenarioDocumentSchema } from '../../shared/scenario/schema';
import type { Sql } from '../../server/db/client';

/**
 * A shop of `customers` customers (`c0000001`…) with ~11 orders per buyer and a tenth who never ordered: buyer i has
 * 1–21 orders, the last 0–400 days ago, one every 5–44 days before that, 350–1,249 ₽ each.
 */
export async function loadShop(sql: Sql, customers: number): Promise<void> {
  await sql`
    INSERT INTO customers (id, name, email, card_type, registered_at, sub_email)
    SELECT 'c' || lpad(i::text, 7, '0'), 'Клиент ' || i, 'c' || i || '@example.ru',
           CASE WHEN i % 50 = 0 THEN 'vip' ELSE 'regular' END,
           now() - interval '800 days', i % 3 <> 0
      FROM generate_series(1, ${customers}) AS i`;
  await sql`
    INSERT INTO orders (id, customer_id, amount, placed_at)
    SELECT 'o' || i || '-' || k, 'c' || lpad(i::text, 7, '0'), 350 + (i * 31 + k * 17) % 900,
           now() - (((i::bigint * 104729) % 400) + (k - 1) * (5 + i % 40)) * interval '1 day' - (i % 86400) * interval '1 second'
      FROM generate_series(1, ${customers}) AS i
      CROSS JOIN LATERAL generate_series(1, 1 + (i::bigint * 7919) % 21) AS k
     WHERE i % 10 <> 0`;
}

/**
 * `runs` runs of the "gift vs 25 % off" A/B scenario `scenarioId`, one per customer (`c1`…, created here): 2 orders
 * per customer, 4 journal lines and a message per run, a bonus grant for every other run, half of them redeemed;
 * loaded in bulk and then counted for the reports the way the migration does.
 */
export async function loadScenarioRuns(sql: Sql, scenarioId: string, runs: number): Promise<void> {
  const base = new Date('2026-01-01T07:00:00Z');
  const doc = ScenarioDocumentSchema.parse(giftVsDiscount);
  await sql`INSERT INTO scenarios (id, name, status, draft, current_version) VALUES (${scenarioId}, ${doc.name}, 'active', ${sql.json(doc as never)}, 1)`;
  await sql`INSERT INTO scenario_versions (scenario_id, version, document, plan)
            VALUES (${scenarioId}, 1, ${sql.json(doc as never)}, ${sql.json(compileScenario(doc, { scenarioId, version: 1 }) as never)})`;
  // Loaded in bulk with the report triggers off (row by row they cost about half a millisecond per write, which the
  // product's writes pay as they come), then counted the way the migration does.
  const bulk = await sql.reserve();
  await bulk`SET session_replication_role = replica`;
  await bulk`
    INSERT INTO customers (id, registered_at, sub_email) SELECT 'c' || i, ${base}::timestamptz - interval '400 days', true FROM generate_series(1, ${runs}) i`;
  // Each customer enters once, some day of the first 90; orders fall 0–90 days after the start of the year.
  await bulk`
    INSERT INTO runs (id, workflow_id, scenario_id, version, customer_id, variant, status, entered_at, ended_at)
    SELECT 'r' || i, 'run:' || i, ${scenarioId}, 1, 'c' || i,
           CASE WHEN i % 10 = 0 THEN 'holdout' WHEN i % 2 = 0 THEN 'gift' ELSE 'discount' END,
           CASE WHEN i % 7 = 0 THEN 'converted' ELSE 'completed' END,
           ${base}::timestamptz + ((i::bigint * 7919) % 90) * interval '1 day', ${base}::timestamptz + ((i::bigint * 7919) % 90 + 3) * interval '1 day'
      FROM generate_series(1, ${runs}) i`;
  await bulk`
    INSERT INTO orders (id, customer_id, amount, placed_at)
    SELECT 'r' || i || '-o' || k, 'c' || i, 500 + (i % 1000), ${base}::timestamptz + ((i::bigint * 104729 + k * 31) % 120) * interval '1 day'
      FROM generate_series(1, ${runs}) i, generate_series(1, 2) k`;
  await bulk`
    INSERT INTO run_steps (run_id, node_id, node_type, at, outcome, port, idempotency_key)
    SELECT 'r' || i, n.node_id, n.node_type, ${base}, n.outcome,
           CASE WHEN n.node_id = 'split' THEN CASE WHEN i % 10 = 0 THEN 'holdout' WHEN i % 2 = 0 THEN 'gift' ELSE 'discount' END ELSE n.port END,
           'r' || i || ':' || n.node_id
      FROM generate_series(1, ${runs}) i,
           (VALUES ('start', 'dailyTrigger', 'out', 'out'), ('audience', 'filter', 'yes', 'yes'), ('once', 'frequencyLimit', 'pass', 'pass'), ('split', 'abSplit', 'variant', null)) n(node_id, node_type, outcome, port)`;
  await bulk`
    INSERT INTO messages (idempotency_key, run_id, scenario_id, node_id, customer_id, channel, recipient, text, status, provider, cost, created_at)
    SELECT 'r' || i || ':mail', 'r' || i, ${scenarioId}, CASE WHEN i % 2 = 0 THEN 'giftMail' ELSE 'discountMail' END, 'c' || i,
           CASE WHEN i % 2 = 0 THEN 'email' ELSE 'sms' END, 'x', 'Мы соскучились!', 'sent', 'sandbox', CASE WHEN i % 2 = 0 THEN 0.5 ELSE 3.5 END,
           ${base}::timestamptz + ((i::bigint * 7919) % 90) * interval '1 day'
      FROM generate_series(1, ${runs}) i WHERE i % 10 <> 0`;
  await bulk`
    INSERT INTO bonus_ledger (customer_id, kind, points, at, run_id, node_id, idempotency_key)
    SELECT 'c' || i, 'grant', 500, ${base}, 'r' || i, 'gift', 'r' || i || ':gift' FROM generate_series(1, ${runs}) i WHERE i % 2 = 0 AND i % 10 <> 0`;
  await bulk`
    INSERT INTO bonus_ledger (customer_id, kind, points, at, grant_id)
    SELECT customer_id, 'redeem', -200, at, id FROM bonus_ledger WHERE kind = 'grant' AND id % 2 = 0`;
  await bulk`SET session_replication_role = DEFAULT`;
  bulk.release();
  await sql`SELECT rebuild_report_counts()`;
}

/**
 * The customers the audience benchmarks select from: `customers` customers registered over the last 3 years before
 * `now`; a fifth never ordered, the rest last ordered 0–400 days before `now`; two thirds subscribed to email.
 */
export async function loadAudienceCustomers(sql: Sql, customers: number, now: Date): Promise<void> {
  await sql`
    INSERT INTO customers (id, name, email, registered_at, sub_email)
    SELECT 'c' || lpad(i::text, 7, '0'), 'Клиент ' || i, 'c' || i || '@example.ru',
           ${now}::timestamptz - ((i::bigint * 7919) % 1095) * interval '1 day', i % 3 <> 0
      FROM generate_series(1, ${customers}) AS i`;
  await sql`
    INSERT INTO customer_stats (customer_id, order_count, total_spent, avg_check, first_order_at, last_order_at)
    SELECT 'c' || lpad(i::text, 7, '0'), (i % 5), (i % 5) * 900, CASE WHEN i % 5 > 0 THEN 900 END,
           CASE WHEN i % 5 > 0 THEN ${now}::timestamptz - ((i::bigint * 104729) % 400 + 30) * interval '1 day' END,
           CASE WHEN i % 5 > 0 THEN ${now}::timestamptz - ((i::bigint * 104729) % 400) * interval '1 day' END
      FROM generate_series(1, ${customers}) AS i`;
}
