import type { Sql } from '../db/client';
import { startBackgroundJob, type BackgroundJob } from '../infra/backgroundJob';

/** Key columns of report_counts (migration 0160): one compacted row per key. */
const KEY = ['scenario_id', 'version', 'entry_day', 'kind', 'node_id', 'port', 'channel', 'day'] as const;
/** Measures: summed when deltas are folded in. */
const MEASURES = ['entered', 'customers', 'version_customers', 'converted', 'without_order', 'orders', 'revenue', 'lines', 'reached', 'sent', 'failed', 'cost', 'granted', 'spent'] as const;
/** Deltas folded per pass: a pass is one short transaction however far behind the job is. */
const BATCH = 50_000;
/** Any constant of our own, so two processes never compact at the same time (they would only wait on each other). */
const LOCK_KEY = 7_316_0160;

/**
 * Folds the delta rows the report triggers wrote (`compacted = false`) into one compacted row per key. Reports
 * are right with or without it; it keeps them fast. Returns how many deltas it folded; `more` when it stopped at
 * its batch size.
 */
export async function compactReportCounts(sql: Sql, batch = BATCH): Promise<{ folded: number; more: boolean }> {
  return sql.begin(async (tx) => {
    const [{ locked }] = await tx<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${LOCK_KEY}) AS locked`;
    if (!locked) return { folded: 0, more: false };
    const key = KEY.join(', ');
    const sums = MEASURES.map((m) => `sum(${m})`).join(', ');
    const add = MEASURES.map((m) => `${m} = report_counts.${m} + EXCLUDED.${m}`).join(', ');
    const [{ folded }] = await tx.unsafe<{ folded: number }[]>(`
      WITH moved AS (
        DELETE FROM report_counts WHERE ctid = ANY(ARRAY(SELECT ctid FROM report_counts WHERE NOT compacted LIMIT ${batch}))
        RETURNING *
      ),
      folded AS (
        INSERT INTO report_counts (${key}, ${MEASURES.join(', ')}, node_type, compacted)
        SELECT ${key}, ${sums}, max(node_type), true FROM moved GROUP BY ${key}
        ON CONFLICT (${key}) WHERE compacted
        DO UPDATE SET ${add}, node_type = COALESCE(report_counts.node_type, EXCLUDED.node_type)
      )
      SELECT count(*)::int AS folded FROM moved`);
    return { folded, more: folded === batch };
  });
}

/** Compacts report counts every few seconds in every API and worker process (one at a time, see LOCK_KEY). */
export function startReportCompactor(sql: Sql, options: { everyMs?: number; log?: (line: string) => void } = {}): BackgroundJob {
  return startBackgroundJob({
    name: 'report counts',
    everyMs: options.everyMs ?? 5_000,
    firstAfterMs: 1_000,
    log: options.log,
    async pass() {
      const r = await compactReportCounts(sql);
      return { done: r.folded, failed: 0, more: r.more };
    },
  });
}
