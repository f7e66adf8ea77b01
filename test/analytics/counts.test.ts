import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abReport } from '../../server/analytics/ab';
import { compactCounts, REPORT_COUNTS } from '../../server/analytics/counts';
import { scenarioReport } from '../../server/analytics/report';
import { resolveScope, type ScopeQuery } from '../../server/analytics/scope';
import { connect, type Sql } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';
import { startPostgresCluster, startTestDatabase, type TestDatabase } from '../support/postgres';
import { insertDataset, type Dataset } from './dataset';

const DAY = 86_400_000;
const SCOPES: ScopeQuery[] = [{}, { version: 1 }, { version: 2 }, { from: '2026-03-02', to: '2026-03-03' }, { from: '2026-04-30' }, { to: '2026-03-03' }, { from: '2026-03-01', to: '2026-05-10' }, { version: 2, from: '2026-03-03' }];

/**
 * The report and the A/B results read from the counts equal the same figures recounted from the runs, journal,
 * outbox and ledger, for every scope. Deep equality of the whole answer: totals, funnel, channels, daily series.
 */
async function expectCountsEqualRecount(sql: Sql, scenarioId: string, when: string) {
  for (const query of SCOPES) {
    const scope = await resolveScope(sql, scenarioId, query);
    const label = `${when}, scope ${JSON.stringify(query)}`;
    expect(await scenarioReport(sql, scope), label).toEqual(await scenarioReport(sql, scope, { recount: true }));
    expect(await abReport(sql, scope, 20), label).toEqual(await abReport(sql, scope, 20, { recount: true }));
  }
}

const deltas = async (sql: Sql) => (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM report_counts WHERE NOT compacted`)[0].n;

describe('pre-aggregated report counts', () => {
  let db: TestDatabase;
  let d: Dataset;
  beforeAll(async () => {
    db = await startTestDatabase();
    d = await insertDataset(db.sql);
  }, 120_000);
  afterAll(async () => {
    await db?.stop();
  });

  it('equal a recount as written, after part of them is compacted, and after all of it', async () => {
    expect(await deltas(db.sql)).toBeGreaterThan(1000);
    await expectCountsEqualRecount(db.sql, d.scenarioId, 'as written');
    expect(await compactCounts(db.sql, REPORT_COUNTS, 500)).toEqual({ folded: 500, more: true });
    await expectCountsEqualRecount(db.sql, d.scenarioId, 'half compacted');
    while ((await compactCounts(db.sql, REPORT_COUNTS, 500)).more);
    expect(await deltas(db.sql)).toBe(0);
    await expectCountsEqualRecount(db.sql, d.scenarioId, 'compacted');
    // A few hundred rows answer for 200 runs, and would for 200,000.
    const [{ n }] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM report_counts WHERE scenario_id = ${d.scenarioId}`;
    expect(n).toBeLessThan(600);
  });

  it('are not changed by retried writes: the journal, outbox and ledger writes of every run, replayed', async () => {
    // What a retried activity does: the same rows again under the same idempotency keys, which change nothing.
    await db.sql`
      INSERT INTO run_steps (run_id, node_id, node_type, at, outcome, port, idempotency_key)
      SELECT run_id, node_id, node_type, at, outcome, port, idempotency_key FROM run_steps ON CONFLICT (idempotency_key) DO NOTHING`;
    await db.sql`
      INSERT INTO messages (idempotency_key, run_id, scenario_id, node_id, customer_id, channel, recipient, text, status, provider, cost, created_at)
      SELECT idempotency_key, run_id, scenario_id, node_id, customer_id, channel, recipient, text, status, provider, cost, created_at FROM messages
      ON CONFLICT (idempotency_key) DO NOTHING`;
    await db.sql`
      INSERT INTO bonus_ledger (customer_id, kind, points, at, expires_at, run_id, node_id, idempotency_key)
      SELECT customer_id, kind, points, at, expires_at, run_id, node_id, idempotency_key FROM bonus_ledger WHERE idempotency_key IS NOT NULL
      ON CONFLICT (idempotency_key) DO NOTHING`;
    await db.sql`INSERT INTO orders (id, customer_id, amount, placed_at) SELECT id, customer_id, amount, placed_at FROM orders ON CONFLICT (id) DO NOTHING`;
    // An UPDATE that sets what is already there (a retried result write) moves nothing either.
    await db.sql`UPDATE messages SET status = status, cost = cost`;
    await db.sql`UPDATE runs SET status = status, ended_at = ended_at`;
    expect(await deltas(db.sql)).toBe(0);
    await expectCountsEqualRecount(db.sql, d.scenarioId, 'after retries');
  });

  it('follow a run through its life: sends that fail and are retried, a purchase, a late backdated order, support marking a conversion', async () => {
    const run = d.runs.find((r) => r.group === 'discount' && r.orders.length === 0 && r.status === 'running')!;
    expect(run).toBeDefined();
    const key = `${run.id}:late`;
    const at = (days: number) => new Date(run.enteredAt.getTime() + days * DAY);
    await db.sql`INSERT INTO run_steps (run_id, node_id, node_type, at, outcome, port, idempotency_key) VALUES (${run.id}, 'late', 'send', ${at(2)}, 'held', null, ${key + ':held'})`;
    const [message] = await db.sql<{ id: number }[]>`
      INSERT INTO messages (idempotency_key, run_id, scenario_id, node_id, customer_id, channel, recipient, text, status, provider, created_at)
      VALUES (${key}, ${run.id}, ${d.scenarioId}, 'late', ${run.customerId}, 'sms', '+79990000000', 'Ждём вас', 'pending', 'sms-http', ${at(2)})
      RETURNING id`;
    await expectCountsEqualRecount(db.sql, d.scenarioId, 'pending message');
    await db.sql`UPDATE messages SET status = 'failed', error = 'gateway 503' WHERE id = ${message.id}`;
    await db.sql`UPDATE messages SET status = 'pending', error = null WHERE id = ${message.id}`;
    await db.sql`UPDATE messages SET status = 'sent', cost = 7, segments = 2 WHERE id = ${message.id}`;
    // A simulation moves a message to its run's clock.
    await db.sql`UPDATE messages SET created_at = ${at(3)} WHERE id = ${message.id}`;
    await db.sql`INSERT INTO run_steps (run_id, node_id, node_type, at, outcome, port, idempotency_key) VALUES (${run.id}, 'late', 'send', ${at(3)}, 'sent', 'out', ${key + ':sent'})`;
    await expectCountsEqualRecount(db.sql, d.scenarioId, 'sent after a failure');

    // A purchase on day 5 converts the run; one placed on day 4 arrives later (an import) and becomes the first.
    await db.sql`INSERT INTO orders (id, customer_id, amount, placed_at) VALUES (${key + ':o5'}, ${run.customerId}, 1500, ${at(5)})`;
    await db.sql`UPDATE runs SET status = 'converted', ended_at = ${at(5)} WHERE id = ${run.id}`;
    await expectCountsEqualRecount(db.sql, d.scenarioId, 'converted by a purchase');
    await db.sql`INSERT INTO orders (id, customer_id, amount, placed_at) VALUES (${key + ':o4'}, ${run.customerId}, 250, ${at(4)}), (${key + ':o99'}, ${run.customerId}, 10, ${at(99)})`;
    await expectCountsEqualRecount(db.sql, d.scenarioId, 'a backdated order');

    // Support marks a conversion without an order; reconciliation ends a run.
    const other = d.runs.find((r) => r.status === 'running' && r.id !== run.id && r.orders.length === 0)!;
    await db.sql`UPDATE runs SET status = 'converted', ended_at = ${new Date(other.enteredAt.getTime() + 2 * DAY)} WHERE id = ${other.id}`;
    const third = d.runs.find((r) => r.status === 'running' && r.id !== run.id && r.id !== other.id)!;
    await db.sql`UPDATE runs SET status = 'exited', ended_at = now(), end_reason = 'прервано вне Comeback' WHERE id = ${third.id}`;
    await expectCountsEqualRecount(db.sql, d.scenarioId, 'support and reconciliation');
  });

  it('stay equal with order batches, journal writes and compaction all at once', { timeout: 120_000 }, async () => {
    const runs = d.runs.filter((r) => r.status !== 'converted');
    const batches = Array.from({ length: 20 }, (_, b) =>
      runs.filter((_, i) => i % 20 === b).map((r, i) => ({ id: `burst-${b}-${i}`, customer_id: r.customerId, amount: 100 + b, placed_at: new Date(r.enteredAt.getTime() + (1 + (i % 40)) * DAY) })),
    );
    const journal = runs.slice(0, 60).map((r, i) => db.sql`
      INSERT INTO run_steps (run_id, node_id, node_type, at, outcome, port, idempotency_key)
      VALUES (${r.id}, 'wait', 'wait', ${r.enteredAt}, 'waited', ${i % 2 ? 'out' : null}, ${`${r.id}:wait:burst`})`);
    let compacting = true;
    const compactor = (async () => {
      while (compacting) await compactCounts(db.sql, REPORT_COUNTS, 200);
    })();
    await Promise.all([...batches.map((orders) => db.sql`INSERT INTO orders ${db.sql(orders)}`), ...journal]);
    compacting = false;
    await compactor;
    await expectCountsEqualRecount(db.sql, d.scenarioId, 'after the burst');
  });
});

describe('the migration that introduces the counts', () => {
  it('can rebuild them from scratch at any time, to the same figures', { timeout: 120_000 }, async () => {
    const db = await startTestDatabase();
    try {
      const d = await insertDataset(db.sql);
      await db.sql`SELECT rebuild_report_counts()`;
      await expectCountsEqualRecount(db.sql, d.scenarioId, 'rebuilt');
      expect(await deltas(db.sql)).toBe(0);
    } finally {
      await db.stop();
    }
  });

  it('builds them from the runs, journal, outbox and ledger already stored', { timeout: 120_000 }, async () => {
    const cluster = await startPostgresCluster();
    const sql = connect(cluster.url, { max: 4 });
    try {
      await migrate(sql, () => {}, { until: '0150_run_firing.sql' });
      const d = await insertDataset(sql);
      await migrate(sql);
      await expectCountsEqualRecount(sql, d.scenarioId, 'after the migration');
      const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM report_counts WHERE NOT compacted`;
      expect(n).toBe(0);
    } finally {
      await sql.end({ timeout: 5 });
      await cluster.stop();
    }
  });
});
