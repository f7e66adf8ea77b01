import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../support/postgres';
import { buildDemoData } from '../../server/demo/build';
import { DemoDataExistsError, generateDemoData } from '../../server/demo/generate';

const now = new Date('2026-11-20T12:00:00Z');

describe('demo data generator', () => {
  it('builds the same shop from the same seed and a different one from another seed', () => {
    const a = buildDemoData({ customers: 300, seed: 42, now });
    const b = buildDemoData({ customers: 300, seed: 42, now });
    const c = buildDemoData({ customers: 300, seed: 43, now });
    expect(b).toEqual(a);
    expect(c.customers.map((x) => x.name)).not.toEqual(a.customers.map((x) => x.name));
  });

  it('keeps every order inside the two years before now, at shop hours, with consistent lines and points', () => {
    const data = buildDemoData({ customers: 1000, seed: 5, now });
    const start = now.getTime() - 731 * 86_400_000;
    const cities = new Map(data.customers.map((c) => [c.id, c]));
    const lines = new Map<string, number>();
    for (const item of data.items) lines.set(item.order_id, (lines.get(item.order_id) ?? 0) + item.qty * item.price);
    for (const o of data.orders) {
      const t = Date.parse(o.placed_at);
      expect(t).toBeGreaterThanOrEqual(start);
      expect(t).toBeLessThanOrEqual(now.getTime());
      expect(t).toBeGreaterThanOrEqual(Date.parse(cities.get(o.customer_id)!.registered_at));
      expect(lines.get(o.id)).toBe(o.amount);
      expect(o.bonus_spent).toBeLessThanOrEqual(o.amount * 0.3);
      const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: cities.get(o.customer_id)!.timezone }).format(new Date(t)));
      expect(hour).toBeGreaterThanOrEqual(8);
      expect(hour).toBeLessThanOrEqual(20);
    }
  });
});

describe('demo data loaded', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startTestDatabase();
    await generateDemoData(db.sql, { customers: 2000, seed: 11, now });
  });
  afterAll(() => db?.stop());

  const fingerprint = async () => {
    const [row] = await db.sql<{ customers: string; orders: string; items: string; ledger: string }[]>`
      SELECT (SELECT md5(string_agg(concat_ws('|', id, name, phone, email, telegram_chat_id, city, card_type, registered_at, timezone, sub_sms, sub_email, sub_telegram, sub_push), ',' ORDER BY id)) FROM customers) AS customers,
             (SELECT md5(string_agg(concat_ws('|', id, customer_id, amount, placed_at, bonus_spent), ',' ORDER BY id)) FROM orders) AS orders,
             (SELECT md5(string_agg(concat_ws('|', order_id, line_no, sku, qty, price), ',' ORDER BY order_id, line_no)) FROM order_items) AS items,
             (SELECT md5(string_agg(concat_ws('|', customer_id, kind, points, at, expires_at, order_id), ',' ORDER BY customer_id, at, kind, points)) FROM bonus_ledger) AS ledger`;
    return row;
  };

  it('loads the same rows again from the same seed, and refuses to load twice', async () => {
    const first = await fingerprint();
    await expect(generateDemoData(db.sql, { customers: 2000, seed: 11, now })).rejects.toBeInstanceOf(DemoDataExistsError);
    await db.sql`TRUNCATE customers, customer_stats, orders, order_items, bonus_ledger CASCADE`;
    await generateDemoData(db.sql, { customers: 2000, seed: 11, now });
    expect(await fingerprint()).toEqual(first);
  });

  it('has the RFM shape of a real shop: many one-time buyers, a long tail of sleepers, a frequent core', async () => {
    const [shape] = await db.sql<Record<string, number>[]>`
      SELECT count(*)::int AS customers,
             count(*) FILTER (WHERE order_count = 0)::int AS never,
             count(*) FILTER (WHERE order_count = 1)::int AS one_time,
             count(*) FILTER (WHERE order_count >= 1 AND last_order_at < ${now}::timestamptz - interval '95 days')::int AS sleeping,
             count(*) FILTER (WHERE order_count >= 9 AND last_order_at >= ${now}::timestamptz - interval '24 days')::int AS frequent_recent,
             (sum(total_spent) / sum(order_count))::float AS avg_check
      FROM customer_stats`;
    const buyers = shape.customers - shape.never;
    expect(shape.customers).toBe(2000);
    expect(shape.one_time / buyers).toBeGreaterThan(0.3);
    expect(shape.one_time / buyers).toBeLessThan(0.6);
    expect(shape.sleeping / buyers).toBeGreaterThan(0.45);
    expect(shape.frequent_recent / buyers).toBeGreaterThan(0.03);
    expect(shape.avg_check).toBeGreaterThan(550);
    expect(shape.avg_check).toBeLessThan(900);
  });

  it('has Russian names, +7 phones, IANA zones, partial subscriptions and about 5% VIP cards', async () => {
    const [c] = await db.sql<Record<string, number>[]>`
      SELECT count(*) FILTER (WHERE name ~ '^[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+(-[А-ЯЁ][а-яё]+)?$')::int AS russian_names,
             count(*) FILTER (WHERE name ~ 'ова$|ева$|ина$|ая$')::int AS female_surnames,
             count(*) FILTER (WHERE phone IS NOT NULL AND phone !~ '^\\+7\\d{10}$')::int AS bad_phones,
             count(*) FILTER (WHERE card_type = 'vip')::int AS vip,
             count(*) FILTER (WHERE sub_email)::int AS email_subscribers,
             count(*) FILTER (WHERE sub_email AND email IS NULL)::int AS subscribed_without_contact,
             count(*) FILTER (WHERE telegram_chat_id IS NOT NULL)::int AS telegram,
             count(DISTINCT city)::int AS cities,
             count(*) FILTER (WHERE city = 'Екатеринбург' AND timezone <> 'Asia/Yekaterinburg')::int AS wrong_zone
      FROM customers`;
    expect(c.russian_names).toBe(2000);
    expect(c.female_surnames).toBeGreaterThan(600);
    expect(c.bad_phones).toBe(0);
    expect(c.vip).toBeGreaterThan(60);
    expect(c.vip).toBeLessThan(160);
    expect(c.email_subscribers).toBeGreaterThan(400);
    expect(c.email_subscribers).toBeLessThan(1500);
    expect(c.subscribed_without_contact).toBe(0);
    expect(c.telegram).toBeGreaterThan(300);
    expect(c.cities).toBeGreaterThanOrEqual(10);
    expect(c.wrong_zone).toBe(0);
  });

  it('keeps statistics equal to the orders and no grant below zero', async () => {
    const [check] = await db.sql<{ mismatched: number; negative: number; redeemed: number }[]>`
      SELECT (SELECT count(*) FROM customer_stats s LEFT JOIN (
                SELECT customer_id, count(*) AS n, sum(amount) AS total, max(placed_at) AS last FROM orders GROUP BY customer_id
              ) o ON o.customer_id = s.customer_id
              WHERE s.order_count <> coalesce(o.n, 0) OR s.total_spent <> coalesce(o.total, 0) OR s.last_order_at IS DISTINCT FROM o.last)::int AS mismatched,
             (SELECT count(*) FROM bonus_ledger g WHERE g.kind = 'grant'
                AND g.points + coalesce((SELECT sum(points) FROM bonus_ledger u WHERE u.grant_id = g.id), 0) < 0)::int AS negative,
             (SELECT count(*) FROM orders o WHERE o.bonus_spent > 0
                AND o.bonus_spent = -(SELECT sum(points) FROM bonus_ledger r WHERE r.order_id = o.id))::int AS redeemed`;
    expect(check.mismatched).toBe(0);
    expect(check.negative).toBe(0);
    expect(check.redeemed).toBeGreaterThan(50);
    const [{ unmatched }] = await db.sql`SELECT count(*)::int AS unmatched FROM orders o WHERE o.bonus_spent > 0
      AND o.bonus_spent <> -(SELECT sum(points) FROM bonus_ledger r WHERE r.order_id = o.id)`;
    expect(unmatched).toBe(0);
  });
});
