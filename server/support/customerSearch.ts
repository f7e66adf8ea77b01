import type { CustomerHit } from '../../shared/api/support';
import type { Sql } from '../db/client';

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
  // A phone or an email is not a name: its digit groups would match every name with a number in it.
  const words = query.includes('@') || phones.length ? null : nameQuery(query);
  const emailPrefix = `${escapeLike(query.toLowerCase())}%`;
  // One indexed lookup per way of matching, united and materialized before ordering: an OR across them, an IN over
  // their union, or ORDER BY id inside a branch all let PostgreSQL walk every customer in id order instead.
  const take = limit + 1;
  const branch = (where: ReturnType<typeof sql>) => sql`SELECT id FROM customers WHERE ${where} AND id > ${after}`;
  const branches = [
    branch(sql`id = ${query}`),
    branch(sql`lower(email) LIKE ${emailPrefix}`),
    ...phones.map((p) => branch(sql`phone LIKE ${`${p}%`}`)),
    ...(words ? [branch(sql`to_tsvector('simple', coalesce(name, '')) @@ to_tsquery('simple', ${words})`)] : []),
  ];
  const matching = query ? branches.reduce((union, b) => sql`${union} UNION ${b}`) : sql`SELECT id FROM customers WHERE id > ${after}`;
  const rows = await sql<{ id: string; name: string | null; phone: string | null; email: string | null; city: string | null; card_type: 'regular' | 'vip'; order_count: number | null; last_order_at: Date | null }[]>`
    WITH m AS MATERIALIZED (SELECT id FROM (${matching}) u ORDER BY id LIMIT ${take})
    SELECT c.id, c.name, c.phone, c.email, c.city, c.card_type, s.order_count, s.last_order_at
      FROM m JOIN customers c ON c.id = m.id LEFT JOIN customer_stats s ON s.customer_id = c.id
     ORDER BY c.id
     LIMIT ${take}`;
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
