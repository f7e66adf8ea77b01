import { randomBytes } from 'node:crypto';
import { DEFAULT_POLICY, type Policy, type PolicyRequest } from '../../shared/api/policy';
import type { Cap } from '../../shared/policy/caps';
import { audit } from '../audit';
import type { Sql } from '../db/client';

/** The policy in force, with the seed of the control group's hash (never shown: it only makes membership stable). */
export interface PolicyInForce extends Policy {
  caps: Cap[];
  controlSeed: string;
}

interface Row {
  version: number;
  caps: Cap[];
  max_delay_days: number;
  control_share_pct: number;
  control_seed: string;
  created_by_name: string | null;
  created_at: Date;
}

const fromRow = (row: Row): PolicyInForce => ({
  version: row.version,
  caps: row.caps,
  maxDelayDays: row.max_delay_days,
  controlGroup: { sharePct: Number(row.control_share_pct) },
  controlSeed: row.control_seed,
  updatedAt: row.created_at.toISOString(),
  updatedBy: row.created_by_name,
});

/** Before any policy was saved: no caps, nobody in the control group (so the seed is never used). */
export const NO_POLICY: PolicyInForce = { ...DEFAULT_POLICY, version: 0, updatedAt: null, updatedBy: null, controlSeed: '' };

/** The newest version of the policy (version 0, the defaults, when none was ever saved). */
export async function loadPolicy(sql: Sql): Promise<PolicyInForce> {
  const [row] = await sql<Row[]>`SELECT * FROM communication_policies ORDER BY version DESC LIMIT 1`;
  return row ? fromRow(row) : NO_POLICY;
}

/** Every version, newest first. */
export async function policyHistory(sql: Sql): Promise<Policy[]> {
  const rows = await sql<Row[]>`SELECT * FROM communication_policies ORDER BY version DESC LIMIT 200`;
  return rows.map((row) => withoutSeed(fromRow(row)));
}

export const withoutSeed = ({ controlSeed: _, ...policy }: PolicyInForce): Policy => policy;

/**
 * Stores the next version and audits it, in one transaction that also serializes concurrent saves (two saves at
 * once get versions n and n+1, never the same number). The audit entry holds before and after; a change of the
 * control group's share gets an entry of its own (`settings.controlGroup`), since it changes who is measured.
 */
export async function savePolicy(
  sql: Sql,
  input: PolicyRequest,
  actor: { userId: number | null; tokenId: number | null; name: string | null },
): Promise<PolicyInForce> {
  return sql.begin(async (tx) => {
    await tx`LOCK TABLE communication_policies IN EXCLUSIVE MODE`;
    const before = await loadPolicy(tx as unknown as Sql);
    const seed = before.version > 0 ? before.controlSeed : randomBytes(12).toString('hex');
    const [row] = await tx<Row[]>`
      INSERT INTO communication_policies (version, caps, max_delay_days, control_share_pct, control_seed, created_by, created_by_name)
      VALUES (${before.version + 1}, ${tx.json(input.caps as never)}, ${input.maxDelayDays}, ${input.controlGroup.sharePct}, ${seed},
              ${actor.userId}, ${actor.name})
      RETURNING *`;
    const after = fromRow(row);
    const who = { userId: actor.userId, tokenId: actor.tokenId };
    await audit(tx as unknown as Sql, {
      ...who,
      action: 'settings.policy',
      entity: 'settings:policy',
      details: { version: after.version, before: withoutSeed(before), after: withoutSeed(after) },
    });
    if (before.controlGroup.sharePct !== after.controlGroup.sharePct) {
      await audit(tx as unknown as Sql, {
        ...who,
        action: 'settings.controlGroup',
        entity: 'settings:policy',
        details: { version: after.version, fromPct: before.controlGroup.sharePct, toPct: after.controlGroup.sharePct },
      });
    }
    return after;
  });
}

/** Stores `policy` as the one in force, seed included (a simulation's database takes the shop's policy this way). */
export async function copyPolicy(sql: Sql, policy: PolicyInForce): Promise<void> {
  await sql`
    INSERT INTO communication_policies (version, caps, max_delay_days, control_share_pct, control_seed, created_by_name)
    VALUES (${Math.max(policy.version, 1)}, ${sql.json(policy.caps as never)}, ${policy.maxDelayDays}, ${policy.controlGroup.sharePct},
            ${policy.controlSeed || randomBytes(12).toString('hex')}, ${policy.updatedBy})`;
}
