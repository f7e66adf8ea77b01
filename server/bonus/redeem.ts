import type { Queryable } from '../ingest/queryable';

/** An order that spends points. */
export interface Spend {
  orderId: string;
  customerId: string;
  placedAt: Date;
  points: number;
}

export interface OpenGrant {
  id: number;
  customerId: string;
  at: Date;
  expiresAt: Date | null;
  /** Points not consumed by any redemption or expiration recorded so far. */
  remaining: number;
}

export interface Redemption {
  orderId: string;
  customerId: string;
  grantId: number;
  points: number;
  at: Date;
}

/**
 * Allocates spends to grants: orders in time order, each taking points from the grants valid at its placedAt,
 * soonest-expiring first (never-expiring last, older grant first on ties). A spend larger than what is available
 * takes what there is: the balance never goes below zero, and `shortfall` says what could not be covered.
 */
export function allocateRedemptions(spends: Spend[], grants: OpenGrant[]): { redemptions: Redemption[]; shortfall: Map<string, number> } {
  const left = new Map(grants.map((g) => [g.id, g.remaining]));
  const byCustomer = new Map<string, OpenGrant[]>();
  for (const g of [...grants].sort(expiryOrder)) {
    const list = byCustomer.get(g.customerId) ?? [];
    list.push(g);
    byCustomer.set(g.customerId, list);
  }
  const redemptions: Redemption[] = [];
  const shortfall = new Map<string, number>();
  const ordered = [...spends].sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime() || (a.orderId < b.orderId ? -1 : 1));
  for (const spend of ordered) {
    let need = spend.points;
    for (const g of byCustomer.get(spend.customerId) ?? []) {
      if (need === 0) break;
      const valid = g.at <= spend.placedAt && (g.expiresAt === null || g.expiresAt > spend.placedAt);
      const available = left.get(g.id)!;
      if (!valid || available <= 0) continue;
      const take = Math.min(available, need);
      left.set(g.id, available - take);
      need -= take;
      redemptions.push({ orderId: spend.orderId, customerId: spend.customerId, grantId: g.id, points: take, at: spend.placedAt });
    }
    if (need > 0) shortfall.set(spend.orderId, need);
  }
  return { redemptions, shortfall };
}

function expiryOrder(a: OpenGrant, b: OpenGrant): number {
  const ea = a.expiresAt?.getTime() ?? Infinity;
  const eb = b.expiresAt?.getTime() ?? Infinity;
  return ea - eb || a.at.getTime() - b.at.getTime() || a.id - b.id;
}

/**
 * Records the redemptions of a batch of new orders: one query for the open grants, one insert. The caller holds
 * row locks on the customers, so two batches cannot spend the same points.
 */
export async function redeemForOrders(tx: Queryable, spends: Spend[]): Promise<Map<string, { redeemed: number; shortfall: number }>> {
  const outcome = new Map<string, { redeemed: number; shortfall: number }>();
  const paying = spends.filter((s) => s.points > 0);
  if (paying.length === 0) return outcome;
  const customerIds = [...new Set(paying.map((s) => s.customerId))];
  const grants = await tx<{ id: number; customer_id: string; at: Date; expires_at: Date | null; remaining: number }[]>`
    SELECT g.id, g.customer_id, g.at, g.expires_at, (g.points + coalesce(sum(u.points), 0))::int AS remaining
    FROM bonus_ledger g LEFT JOIN bonus_ledger u ON u.grant_id = g.id
    WHERE g.kind = 'grant' AND g.customer_id = ANY(${customerIds}::text[])
    GROUP BY g.id
    HAVING g.points + coalesce(sum(u.points), 0) > 0`;
  const { redemptions, shortfall } = allocateRedemptions(
    paying,
    grants.map((g) => ({ id: g.id, customerId: g.customer_id, at: g.at, expiresAt: g.expires_at, remaining: g.remaining })),
  );
  if (redemptions.length > 0) {
    const rows = redemptions.map((r) => ({
      customer_id: r.customerId, points: -r.points, at: r.at.toISOString(), grant_id: r.grantId, order_id: r.orderId,
      idempotency_key: `redeem:${r.orderId}:${r.grantId}`,
    }));
    await tx`
      INSERT INTO bonus_ledger (customer_id, kind, points, at, grant_id, order_id, reason, idempotency_key)
      SELECT customer_id, 'redeem', points, at, grant_id, order_id, 'order', idempotency_key
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb)
           AS r(customer_id text, points int, at timestamptz, grant_id bigint, order_id text, idempotency_key text)`;
  }
  for (const s of paying) {
    const missing = shortfall.get(s.orderId) ?? 0;
    outcome.set(s.orderId, { redeemed: s.points - missing, shortfall: missing });
  }
  return outcome;
}
