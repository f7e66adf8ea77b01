import type { CustomerTimeline, SimulatedRun, SimulatedScenario, SimulationSummary as ApiSimulationSummary } from '../../shared/api/simulate';
import type { Sql } from '../db/client';

export type { SimulatedRun } from '../../shared/api/simulate';

/** The summary as the report computes it; the simulation adds how many days it ran and how long it took. */
export type SimulationSummary = Omit<ApiSimulationSummary, 'simulatedDays' | 'wallClockMs'>;

const iso = (d: Date) => d.toISOString();

/** What happened in a simulated scenario, per run in entry order, as the API returns it (ARCHITECTURE.md §5). */
export async function simulationReport(sql: Sql, scenarioId: string): Promise<{ runs: SimulatedRun[]; summary: SimulationSummary }> {
  const runs = await sql<{ id: string; customer_id: string; entered_at: Date; version: number; variant: string | null; status: SimulatedRun['status']; ended_at: Date | null; end_reason: string | null }[]>`
    SELECT id, customer_id, entered_at, version, variant, status, ended_at, end_reason
      FROM runs WHERE scenario_id = ${scenarioId} ORDER BY entered_at, customer_id, id`;
  const steps = await sql<{ run_id: string; at: Date; node_id: string; node_type: string; outcome: string; reason: string | null }[]>`
    SELECT st.run_id, st.at, st.node_id, st.node_type, st.outcome, st.reason
      FROM run_steps st JOIN runs r ON r.id = st.run_id WHERE r.scenario_id = ${scenarioId} ORDER BY st.at, st.id`;
  const messages = await sql<{ run_id: string; created_at: Date; node_id: string; channel: string; text: string; subject: string | null }[]>`
    SELECT run_id, created_at, node_id, channel, text, subject FROM messages
     WHERE scenario_id = ${scenarioId} AND status IN ('sandbox', 'sent') ORDER BY created_at, id`;
  const bonuses = await sql<{ run_id: string; at: Date; node_id: string; points: number; expires_at: Date }[]>`
    SELECT b.run_id, b.at, b.node_id, b.points, b.expires_at FROM bonus_ledger b JOIN runs r ON r.id = b.run_id
     WHERE r.scenario_id = ${scenarioId} AND b.kind = 'grant' ORDER BY b.at, b.id`;
  const tasks = await sql<{ run_id: string; created_at: Date; node_id: string; text: string }[]>`
    SELECT run_id, created_at, node_id, text FROM staff_tasks WHERE scenario_id = ${scenarioId} ORDER BY created_at, id`;
  const [{ customers }] = await sql<{ customers: number }[]>`SELECT count(*)::int AS customers FROM customers`;

  const byRun = new Map<string, SimulatedRun>();
  const out: SimulatedRun[] = runs.map((r) => {
    const run: SimulatedRun = {
      customerId: r.customer_id,
      enteredAt: iso(r.entered_at),
      version: r.version,
      variant: r.variant,
      status: r.status,
      endedAt: r.ended_at ? iso(r.ended_at) : null,
      endReason: r.end_reason,
      steps: [],
      messages: [],
      bonuses: [],
      tasks: [],
    };
    byRun.set(r.id, run);
    return run;
  });
  for (const s of steps) byRun.get(s.run_id)?.steps.push({ at: iso(s.at), nodeId: s.node_id, type: s.node_type, outcome: s.outcome, ...(s.reason ? { reason: s.reason } : {}) });
  for (const m of messages) byRun.get(m.run_id)?.messages.push({ at: iso(m.created_at), nodeId: m.node_id, channel: m.channel, text: m.text, ...(m.subject ? { subject: m.subject } : {}) });
  for (const b of bonuses) byRun.get(b.run_id)?.bonuses.push({ at: iso(b.at), nodeId: b.node_id, points: b.points, expiresAt: iso(b.expires_at) });
  for (const t of tasks) byRun.get(t.run_id)?.tasks.push({ at: iso(t.created_at), nodeId: t.node_id, text: t.text });

  const count = <K extends string>(keys: K[]) => keys.reduce<Record<string, number>>((acc, k) => ((acc[k] = (acc[k] ?? 0) + 1), acc), {});
  const byStatus = { running: 0, completed: 0, converted: 0, limited: 0, ...count(out.map((r) => r.status)) };
  const entered = new Set(out.map((r) => r.customerId)).size;
  return {
    runs: out,
    summary: {
      customers,
      entered,
      entries: out.length,
      byStatus,
      variants: count(out.filter((r) => r.variant).map((r) => r.variant!)),
      messages: {
        total: messages.length,
        byChannel: count(messages.map((m) => m.channel)),
        skipped: steps.filter((s) => (s.node_type === 'send' || s.node_type === 'reminder') && s.outcome === 'skipped').length,
        deferred: steps.filter((s) => s.outcome === 'deferred').length,
      },
      bonusPoints: bonuses.reduce((sum, b) => sum + b.points, 0),
      tasks: tasks.length,
      conversionRate: out.length ? byStatus.converted / out.length : 0,
    },
  };
}


const EXAMPLES = 50;

/**
 * Several scenarios simulated together: one line per scenario (entries, messages, what the policy deferred and
 * skipped, who did not enter and why), and the customers where they met — touched by two scenarios or more, or
 * whose messages or entries the policy changed — with the first EXAMPLES timelines across scenarios.
 */
export async function togetherReport(
  sql: Sql,
  scenarios: Array<{ scenarioId: string; name: string; priority: number; exclusivityGroup: string | null; main: boolean }>,
): Promise<{ scenarios: SimulatedScenario[]; collisions: { customers: number; examples: CustomerTimeline[] } }> {
  const ids = scenarios.map((s) => s.scenarioId);
  const [counts, skips, events] = await Promise.all([
    sql<{ scenario_id: string; entered: number; entries: number; messages: number; deferred: number; skipped: number }[]>`
      SELECT r.scenario_id, count(DISTINCT r.customer_id)::int AS entered, count(*)::int AS entries,
             (SELECT count(*) FROM messages m WHERE m.scenario_id = r.scenario_id AND m.status IN ('sandbox', 'sent'))::int AS messages,
             (SELECT count(*) FROM run_steps st JOIN runs x ON x.id = st.run_id WHERE x.scenario_id = r.scenario_id AND st.outcome = 'deferred')::int AS deferred,
             (SELECT count(*) FROM run_steps st JOIN runs x ON x.id = st.run_id
               WHERE x.scenario_id = r.scenario_id AND st.outcome = 'skipped' AND st.data ? 'policy')::int AS skipped
        FROM runs r WHERE r.scenario_id = ANY(${ids}::uuid[]) GROUP BY r.scenario_id`,
    sql<{ scenario_id: string; reason: keyof SimulatedScenario['notEntered']; n: number }[]>`
      SELECT scenario_id, reason, count(*)::int AS n FROM entry_skips WHERE scenario_id = ANY(${ids}::uuid[]) GROUP BY scenario_id, reason`,
    // Every event that says where scenarios met, per customer in time order.
    sql<{ customer_id: string; at: Date; scenario_id: string; node_id: string | null; outcome: CustomerTimeline['events'][number]['outcome']; reason: string | null }[]>`
      WITH events AS (
        SELECT r.customer_id, st.at, r.scenario_id, st.node_id,
               CASE WHEN st.outcome = 'sent' THEN 'sent' WHEN st.outcome = 'deferred' THEN 'deferred' ELSE 'skipped' END AS outcome, st.reason,
               (st.outcome = 'deferred' OR (st.outcome = 'skipped' AND coalesce(st.data ? 'policy', false))) AS policy
          FROM run_steps st JOIN runs r ON r.id = st.run_id
         WHERE r.scenario_id = ANY(${ids}::uuid[]) AND st.node_type IN ('send', 'reminder') AND st.outcome IN ('sent', 'deferred', 'skipped')
        UNION ALL
        SELECT customer_id, at, scenario_id, NULL, 'not_entered', reason, true FROM entry_skips WHERE scenario_id = ANY(${ids}::uuid[])
      ), met AS (
        SELECT customer_id FROM events GROUP BY customer_id HAVING count(DISTINCT scenario_id) > 1 OR bool_or(policy)
      )
      SELECT e.customer_id, e.at, e.scenario_id, e.node_id, e.outcome, e.reason
        FROM events e JOIN met USING (customer_id)
       ORDER BY e.customer_id, e.at, e.scenario_id`,
  ]);
  const byScenario = new Map(counts.map((c) => [c.scenario_id, c]));
  const timelines = new Map<string, CustomerTimeline>();
  for (const e of events) {
    let timeline = timelines.get(e.customer_id);
    if (!timeline) timelines.set(e.customer_id, (timeline = { customerId: e.customer_id, events: [] }));
    timeline.events.push({ at: iso(e.at), scenarioId: e.scenario_id, nodeId: e.node_id, outcome: e.outcome, reason: e.reason });
  }
  return {
    scenarios: scenarios.map((s) => {
      const c = byScenario.get(s.scenarioId);
      const notEntered = { control: 0, exclusive_running: 0, exclusive_priority: 0 };
      for (const k of skips) if (k.scenario_id === s.scenarioId) notEntered[k.reason] = k.n;
      return { ...s, entered: c?.entered ?? 0, entries: c?.entries ?? 0, messages: c?.messages ?? 0, deferred: c?.deferred ?? 0, skippedByPolicy: c?.skipped ?? 0, notEntered };
    }),
    collisions: { customers: timelines.size, examples: [...timelines.values()].slice(0, EXAMPLES) },
  };
}
