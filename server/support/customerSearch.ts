import type { Sql } from '../db/client';

export interface CustomerHit {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  city: string | null;
  cardType: 'regular' | 'vip';
  orderCount: number;
  lastOrderAt: string | null;
}

export interface CustomerSearchPage {
  items: CustomerHit[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const PAGE = 25;

/** Phone prefixes a typed fragment may mean: "8912…", "7912…", "+7 912…" and "912…" all start "+7912…". */
export function phonePrefixes(q: string): string[] {
  if (!/^[+\d\s()\-.]+$/.test(q)) return [];
  const digits = q.replace(/\D/g, '');
  if (digits.length < 3) return [];
  const prefixes = new Set<string>();
  if (digits.length <= 10 && !q.trim().startsWith('+')) prefixes.add(`+7${digits}`);
  if (digits[0] === '7' || (digits[0] === '8' && !q.trim().startsWith('+'))) prefixes.add(`+7${digits.slice(1)}`);
  return [...prefixes];
}

/** Words of a name query as a prefix tsquery: "анна ив" → 'анна':* & 'ив':*. */
function nameQuery(q: string): string | null {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 5);
  return words.length ? words.map((w) => `'${w}':*`).join(' & ') : null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * Customers whose id equals `q`, whose phone starts with it (any writing of a Russian number), whose email starts
 * with it, or whose name has words starting with each word of it. Ordered by id, keyset-paged by id; every branch
 * is an index lookup (migration 0070).
 */
export async function searchCustomers(sql: Sql, q: string, cursor: string | null, limit = PAGE): Promise<CustomerSearchPage> {
  const query = q.trim();
  const after = cursor ?? '';
  const phones = phonePrefixes(query);
  const words = query.includes('@') ? null : nameQuery(query);
  const emailPrefix = `${escapeLike(query.toLowerCase())}%`;
  const match = !query
    ? sql`true`
    : sql`(c.id = ${query}
        OR lower(c.email) LIKE ${emailPrefix}
        ${phones.length ? sql`OR c.phone LIKE ANY(${phones.map((p) => `${p}%`)}::text[])` : sql``}
        ${words ? sql`OR to_tsvector('simple', coalesce(c.name, '')) @@ to_tsquery('simple', ${words})` : sql``})`;
  const rows = await sql<{ id: string; name: string | null; phone: string | null; email: string | null; city: string | null; card_type: 'regular' | 'vip'; order_count: number | null; last_order_at: Date | null }[]>`
    SELECT c.id, c.name, c.phone, c.email, c.city, c.card_type, s.order_count, s.last_order_at
      FROM customers c LEFT JOIN customer_stats s ON s.customer_id = c.id
     WHERE ${match} AND c.id > ${after}
     ORDER BY c.id
     LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      name: r.name,
      phone: r.phone,
      email: r.email,
      city: r.city,
      cardType: r.card_type,
      orderCount: r.order_count ?? 0,
      lastOrderAt: r.last_order_at?.toISOString() ?? null,
    })),
    nextCursor: rows.length > limit ? page[page.length - 1].id : null,
  };
}
