import { createHash } from 'node:crypto';
import type postgres from 'postgres';
import type { Sql } from '../db/client';

/**
 * The global control group (issue 14): a customer is in it when the hash of the policy's seed and their id falls in
 * the first `sharePct` % of 10,000 buckets. Stable while the seed stays (it does, across policy versions), and
 * monotone in the share: raising 5 % to 10 % keeps every customer who was in at 5 %. The same arithmetic in
 * TypeScript and in SQL (controlGroupSql); a test holds them together.
 */
export const CONTROL_BUCKETS = 10_000;

export function controlBucket(customerId: string, seed: string): number {
  const hex = createHash('md5').update(`${seed}:${customerId}`).digest('hex').slice(0, 8);
  return parseInt(hex, 16) % CONTROL_BUCKETS;
}

/** The buckets below this are in the group: 5 % → 500. */
export const controlThreshold = (sharePct: number): number => Math.round(sharePct * (CONTROL_BUCKETS / 100));

export function inControlGroup(customerId: string, policy: { controlSeed: string; controlGroup: { sharePct: number } }): boolean {
  const threshold = controlThreshold(policy.controlGroup.sharePct);
  return threshold > 0 && controlBucket(customerId, policy.controlSeed) < threshold;
}

/** `inControlGroup` as a SQL boolean over the customer id expression `id` (e.g. sql`c.id`). */
export function controlGroupSql(
  sql: Sql,
  id: postgres.PendingQuery<postgres.Row[]>,
  policy: { controlSeed: string; controlGroup: { sharePct: number } },
): postgres.PendingQuery<postgres.Row[]> {
  const threshold = controlThreshold(policy.controlGroup.sharePct);
  if (threshold <= 0) return sql`false`;
  return sql`(('x' || substr(md5(${policy.controlSeed} || ':' || ${id}), 1, 8))::bit(32)::bigint % ${CONTROL_BUCKETS}) < ${threshold}`;
}
