import type { Sql } from '../../server/db/client';

/** A customer as the condition tests need one: contacts, orders and bonus grants, written straight to the tables. */
export interface FixtureCustomer {
  id: string;
  registeredAt: Date;
  cardType: 'regular' | 'vip';
  city: string | null;
  phone: string | null;
  email: string | null;
  telegramChatId: string | null;
  pushToken: string | null;
  sub: { sms: boolean; email: boolean; telegram: boolean; push: boolean };
  orders: Array<{ at: Date; amount: number; category: string | null }>;
  grants: Array<{ at: Date; points: number; expiresAt: Date | null; redeemed: Array<{ at: Date; points: number }> }>;
  tags: string[];
  attributes: Record<string, string | number | boolean>;
}

export function fixtureCustomer(id: string, overrides: Partial<FixtureCustomer> = {}): FixtureCustomer {
  return {
    id,
    registeredAt: new Date('2025-01-01T00:00:00Z'),
    cardType: 'regular',
    city: null,
    phone: null,
    email: null,
    telegramChatId: null,
    pushToken: null,
    sub: { sms: false, email: false, telegram: false, push: false },
    orders: [],
    grants: [],
    tags: [],
    attributes: {},
    ...overrides,
  };
}

const DAY = 86_400_000;

/**
 * Inserts customers with their orders, ledger and the `customer_stats` row exactly as its columns are defined in
 * 0001_init.sql (average interval = (last − first) / (count − 1) days; favourite category = largest spend).
 */
export async function insertCustomers(sql: Sql, customers: FixtureCustomer[]): Promise<void> {
  for (const c of customers) {
    await sql`
      INSERT INTO customers (id, name, phone, email, telegram_chat_id, push_token, city, card_type, registered_at,
                             sub_sms, sub_email, sub_telegram, sub_push, tags, attributes)
      VALUES (${c.id}, ${'Клиент ' + c.id}, ${c.phone}, ${c.email}, ${c.telegramChatId}, ${c.pushToken}, ${c.city},
              ${c.cardType}, ${c.registeredAt}, ${c.sub.sms}, ${c.sub.email}, ${c.sub.telegram}, ${c.sub.push},
              ${c.tags}::text[], ${sql.json(c.attributes)})`;
    const orders = [...c.orders].sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const [i, o] of orders.entries()) {
      await sql`INSERT INTO orders (id, customer_id, amount, placed_at) VALUES (${`${c.id}-o${i}`}, ${c.id}, ${o.amount}, ${o.at})`;
      if (o.category !== null) {
        await sql`INSERT INTO order_items (order_id, line_no, sku, name, category, qty, price)
                  VALUES (${`${c.id}-o${i}`}, 1, 'SKU', 'Товар', ${o.category}, 1, ${o.amount})`;
      }
    }
    const count = orders.length;
    const total = Math.round(orders.reduce((s, o) => s + o.amount * 100, 0)) / 100;
    const first = orders[0]?.at ?? null;
    const last = orders[count - 1]?.at ?? null;
    const spend = new Map<string, number>();
    for (const o of orders) if (o.category !== null) spend.set(o.category, (spend.get(o.category) ?? 0) + o.amount);
    const favorite = [...spend.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
    await sql`
      INSERT INTO customer_stats (customer_id, order_count, total_spent, avg_check, first_order_at, last_order_at,
                                  avg_days_between_orders, favorite_category)
      VALUES (${c.id}, ${count}, ${total}, ${count ? Math.round((total / count) * 100) / 100 : null}, ${first}, ${last},
              ${count >= 2 ? (last!.getTime() - first!.getTime()) / DAY / (count - 1) : null}, ${favorite})`;
    for (const g of c.grants) {
      const [{ id }] = await sql<{ id: number }[]>`
        INSERT INTO bonus_ledger (customer_id, kind, points, at, expires_at)
        VALUES (${c.id}, 'grant', ${g.points}, ${g.at}, ${g.expiresAt}) RETURNING id`;
      for (const r of g.redeemed) {
        await sql`INSERT INTO bonus_ledger (customer_id, kind, points, at, grant_id) VALUES (${c.id}, 'redeem', ${-r.points}, ${r.at}, ${id})`;
      }
    }
  }
}

/** Removes every customer and what hangs off them, so a property run starts from an empty base. */
export async function clearCustomers(sql: Sql): Promise<void> {
  await sql`TRUNCATE customers, customer_stats, orders, order_items, bonus_ledger CASCADE`;
}
