import type { Queryable } from '../ingest/queryable';

/**
 * The bonus ledger (table bonus_ledger): grants add points that expire; redemptions consume points of one grant
 * each. Balance at time t = Σ over grants valid at t (granted at or before t, expiring after t) of the points not
 * yet redeemed at t.
 */

export interface GrantInput {
  customerId: string;
  points: number;
  at: Date;
  /** null: never expires. */
  expiresAt: Date | null;
  runId?: string | null;
  nodeId?: string | null;
  reason?: string | null;
  /** A retried grant with the same key returns the first grant instead of adding points twice. */
  idempotencyKey?: string | null;
}

export interface Grant {
  id: number;
  customerId: string;
  points: number;
  at: Date;
  expiresAt: Date | null;
  /** False when the idempotency key had already been used and the stored grant is returned. */
  created: boolean;
}

export async function grantBonus(db: Queryable, input: GrantInput): Promise<Grant> {
  if (!Number.isInteger(input.points) || input.points <= 0) throw new RangeError(`bonus points must be a positive integer, got ${input.points}`);
  if (input.expiresAt && input.expiresAt <= input.at) throw new RangeError('a bonus must expire after it is granted');
  const [inserted] = await db<{ id: number; at: Date; expires_at: Date | null }[]>`
    INSERT INTO bonus_ledger (customer_id, kind, points, at, expires_at, run_id, node_id, reason, idempotency_key)
    VALUES (${input.customerId}, 'grant', ${input.points}, ${input.at}, ${input.expiresAt}, ${input.runId ?? null},
            ${input.nodeId ?? null}, ${input.reason ?? null}, ${input.idempotencyKey ?? null})
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id, at, expires_at`;
  if (inserted) return { id: inserted.id, customerId: input.customerId, points: input.points, at: inserted.at, expiresAt: inserted.expires_at, created: true };
  const [existing] = await db<{ id: number; customer_id: string; points: number; at: Date; expires_at: Date | null }[]>`
    SELECT id, customer_id, points, at, expires_at FROM bonus_ledger WHERE idempotency_key = ${input.idempotencyKey!}`;
  return { id: existing.id, customerId: existing.customer_id, points: existing.points, at: existing.at, expiresAt: existing.expires_at, created: false };
}

/** Points a customer can spend at `at`. */
export async function bonusBalance(db: Queryable, customerId: string, at: Date): Promise<number> {
  return (await bonusBalances(db, [customerId], at)).get(customerId) ?? 0;
}

/** Balances of many customers at `at`, in one query; customers without points are absent from the map. */
export async function bonusBalances(db: Queryable, customerIds: readonly string[], at: Date): Promise<Map<string, number>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db<{ customer_id: string; balance: number }[]>`
    SELECT g.customer_id, sum(g.points + coalesce(u.used, 0))::int AS balance
    FROM bonus_ledger g
    LEFT JOIN (
      SELECT grant_id, sum(points) AS used FROM bonus_ledger
      WHERE grant_id IS NOT NULL AND at <= ${at} AND customer_id = ANY(${[...customerIds]}::text[])
      GROUP BY grant_id
    ) u ON u.grant_id = g.id
    WHERE g.kind = 'grant' AND g.customer_id = ANY(${[...customerIds]}::text[])
      AND g.at <= ${at} AND (g.expires_at IS NULL OR g.expires_at > ${at})
    GROUP BY g.customer_id`;
  return new Map(rows.filter((r) => r.balance > 0).map((r) => [r.customer_id, r.balance]));
}

export interface GrantState {
  points: number;
  /** Points of this grant redeemed at or before `at`. */
  used: number;
  remaining: number;
  expired: boolean;
}

/** What is left of one grant at `at`: the `reminder` node sends only while a bonus is unused and unexpired. */
export async function grantState(db: Queryable, grantId: number, at: Date): Promise<GrantState | null> {
  const [row] = await db<{ points: number; used: number; expires_at: Date | null }[]>`
    SELECT g.points, coalesce(-sum(u.points) FILTER (WHERE u.at <= ${at}), 0)::int AS used, g.expires_at
    FROM bonus_ledger g LEFT JOIN bonus_ledger u ON u.grant_id = g.id
    WHERE g.id = ${grantId} AND g.kind = 'grant'
    GROUP BY g.id`;
  if (!row) return null;
  const expired = row.expires_at !== null && row.expires_at <= at;
  return { points: row.points, used: row.used, remaining: expired ? 0 : row.points - row.used, expired };
}
