import type { Sql } from '../db/client';
import { startBackgroundJob, type BackgroundJob } from '../infra/backgroundJob';

/**
 * A table of counts kept by triggers as delta rows (`compacted = false`) beside one compacted row per key, with a
 * unique index on the key `WHERE compacted`: report_counts (migration 0160) and rfm_counts (0170).
 */
interface CountsTable {
  name: string;
  key: readonly string[];
  /** Summed when deltas are folded in. */
  measures: readonly string[];
  /** Not summed: the first non-null value is kept. */
  carried?: readonly string[];
  /** Any constant of our own, so two processes never compact one table at the same time (they would only wait). */
  lockKey: number;
}

export const REPORT_COUNTS: CountsTable = {
  name: 'report_counts',
  key: ['scenario_id', 'version', 'entry_day', 'kind', 'node_id', 'port', 'channel', 'day'],
  measures: ['entered', 'customers', 'version_customers', 'converted', 'without_order', 'orders', 'revenue', 'lines', 'reached', 'sent', 'failed', 'cost', 'granted', 'spent'],
  carried: ['node_type'],
  lockKey: 7_316_0160,
};

export const RFM_COUNTS: CountsTable = {
  name: 'rfm_counts',
  key: ['kind', 'order_count', 'last_order_day'],
  measures: ['customers', 'orders', 'revenue'],
  lockKey: 7_316_0170,
};

/** Deltas folded per pass: a pass is one short transaction however far behind the job is. */
const BATCH = 50_000;

/**
 * Folds a counts table's delta rows into one compacted row per key. Readers are right with or without it (they sum
 * both kinds of row); it keeps them fast. Returns how many deltas it folded; `more` when it stopped at its batch size.
 */
export async function compactCounts(sql: Sql, table: CountsTable, batch = BATCH): Promise<{ folded: number; more: boolean }> {
  return sql.begin(async (tx) => {
    const [{ locked }] = await tx<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${table.lockKey}) AS locked`;
    if (!locked) return { folded: 0, more: false };
    const { name, measures } = table;
    const carried = table.carried ?? [];
    const key = table.key.join(', ');
    const columns = [...measures, ...carried].join(', ');
    const values = [...measures.map((m) => `sum(${m})`), ...carried.map((c) => `max(${c})`)].join(', ');
    const update = [
      ...measures.map((m) => `${m} = ${name}.${m} + EXCLUDED.${m}`),
      ...carried.map((c) => `${c} = COALESCE(${name}.${c}, EXCLUDED.${c})`),
    ].join(', ');
    const [{ folded }] = await tx.unsafe<{ folded: number }[]>(`
      WITH moved AS (
        DELETE FROM ${name} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${name} WHERE NOT compacted LIMIT ${batch}))
        RETURNING *
      ),
      folded AS (
        INSERT INTO ${name} (${key}, ${columns}, compacted)
        SELECT ${key}, ${values}, true FROM moved GROUP BY ${key}
        ON CONFLICT (${key}) WHERE compacted DO UPDATE SET ${update}
      )
      SELECT count(*)::int AS folded FROM moved`);
    return { folded, more: folded === batch };
  });
}

/** Compacts the report and RFM counts every few seconds in every API and worker process (one at a time per table). */
export function startCountsCompactor(sql: Sql, options: { everyMs?: number; log?: (line: string) => void } = {}): BackgroundJob {
  return startBackgroundJob({
    name: 'counts',
    everyMs: options.everyMs ?? 5_000,
    firstAfterMs: 1_000,
    log: options.log,
    async pass() {
      let done = 0;
      let more = false;
      for (const table of [REPORT_COUNTS, RFM_COUNTS]) {
        const r = await compactCounts(sql, table);
        done += r.folded;
        more ||= r.more;
      }
      return { done, failed: 0, more };
    },
  });
}
