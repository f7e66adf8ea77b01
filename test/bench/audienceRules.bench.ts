// The daily audience query with the communication policy's entry rules (issue 14) against the same query without
// them, over 1,000,000 customers on real PostgreSQL, paged 1,000 at a time as the audience workflow does: a 5 %
// global control group, and an exclusivity group of three scenarios in which seed 003 is the weakest (the two
// stronger ones' audiences and frequency limits are evaluated per selected customer, and a live run of the group
// holds its customer). The rules' pages also write the why-not records, as enrolment does.
import { compileScenario } from '../../shared/scenario/compile';
import { scenarioExamples } from '../../shared/scenario/examples';
import type { ScenarioDocument } from '../../shared/scenario/schema';
import { audienceQuery } from '../../server/activities/audienceQuery';
import { loadEntryRules, NO_RULES, type EntryRules } from '../../server/audience/entryRules';
import { savePolicy } from '../../server/policy/store';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { startTestDatabase } from '../support/postgres';
import { loadAudienceCustomers } from './data';
import { figure } from './figures';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const now = new Date('2026-03-02T07:00:00Z');

const db = await startTestDatabase();
const { sql } = db;
try {
  let t = performance.now();
  await loadAudienceCustomers(sql, CUSTOMERS, now);
  const mindbox = scenarioExamples.find((e) => e.key === 'mindbox-reactivation')!.document;
  const inGroup = (doc: ScenarioDocument, name: string, priority: number, condition?: unknown): ScenarioDocument => ({
    ...doc,
    name,
    settings: { ...doc.settings, exclusivityGroup: 'возврат', priority },
    nodes: doc.nodes.map((n) => (n.type === 'filter' && condition ? { ...n, config: { ...n.config, condition } } : n)) as ScenarioDocument['nodes'],
  });
  // Seed 003 is the weakest of the group; two stronger scenarios: VIP spenders asleep for a quarter, and loyal
  // customers gone quiet.
  const docs = [
    inGroup(mindbox, 'seed 003', 10),
    inGroup(mindbox, 'VIP', 90, { all: [{ field: 'totalSpent', op: 'gte', value: 3600 }, { field: 'daysSinceLastOrder', op: 'gte', value: 90 }] }),
    inGroup(mindbox, 'Loyal', 50, { all: [{ field: 'orderCount', op: 'gte', value: 3 }, { field: 'daysSinceLastOrder', op: 'gte', value: 200 }] }),
  ];
  const ids = ['22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333', '44444444-4444-4444-8444-444444444444'];
  const [plan, vip] = docs.map((doc, i) => compileScenario(doc, { scenarioId: ids[i], version: 1 }));
  for (const [i, doc] of docs.entries()) {
    await storePublishedScenario(sql, doc, compileScenario(doc, { scenarioId: ids[i], version: 1 }), new Date(now.getTime() - 86_400_000));
  }
  // As the plain audience benchmark: a tenth entered seed 003 30 days ago, a hundredth still in a run; and a
  // hundredth more in a live run of the VIP scenario.
  await sql`
    INSERT INTO runs (id, workflow_id, scenario_id, version, customer_id, status, entered_at)
    SELECT 'r' || i, 'run:' || i, ${plan.scenarioId}, 1, 'c' || lpad(i::text, 7, '0'),
           CASE WHEN i % 100 = 1 THEN 'running' ELSE 'completed' END, ${now}::timestamptz - interval '30 days'
      FROM generate_series(1, ${CUSTOMERS}) AS i WHERE i % 10 = 1`;
  await sql`
    INSERT INTO runs (id, workflow_id, scenario_id, version, customer_id, status, entered_at)
    SELECT 'v' || i, 'vip:' || i, ${vip.scenarioId}, 1, 'c' || lpad(i::text, 7, '0'), 'running', ${now}::timestamptz - interval '5 days'
      FROM generate_series(1, ${CUSTOMERS}) AS i WHERE i % 100 = 7`;
  await savePolicy(sql, { caps: [], maxDelayDays: 3, controlGroup: { sharePct: 5 } }, { userId: null, tokenId: null, name: 'bench' });
  await sql`ANALYZE`;
  console.log(`[audience-rules] ${CUSTOMERS.toLocaleString('en')} customers loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const pass = async (rules: () => Promise<EntryRules>) => {
    const started = performance.now();
    let afterId: string | null = null;
    let selected = 0;
    let blocked = 0;
    let pages = 0;
    for (;;) {
      const page = await sql.begin(async (tx) => audienceQuery(tx as never, plan, { afterId, limit: 1000, now }, await rules()));
      pages++;
      selected += page.length;
      blocked += page.filter((r) => r.blocked !== null).length;
      if (page.length < 1000) break;
      afterId = page[page.length - 1].id;
    }
    return { ms: performance.now() - started, selected, blocked, pages };
  };
  const bare = await pass(async () => NO_RULES);
  const ruled = await pass(() => loadEntryRules(sql, plan.scenarioId, plan.settings));
  const [{ n: skips }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM entry_skips`;
  const bareAgain = await pass(async () => NO_RULES);
  const bareMs = (bare.ms + bareAgain.ms) / 2;
  console.log(`[audience-rules] without rules: ${bare.selected.toLocaleString('en')} customers in ${bare.pages} pages, ${bareMs.toFixed(0)} ms (mean of a pass before and after)`);
  console.log(
    `[audience-rules] with control group and exclusivity: ${ruled.selected.toLocaleString('en')} selected, ${ruled.blocked.toLocaleString('en')} held back (${skips.toLocaleString('en')} records) in ${ruled.pages} pages, ${ruled.ms.toFixed(0)} ms`,
  );
  figure({
    name: `seed-003 audience with a 5 % control group and a group of 3 scenarios (${ruled.selected.toLocaleString('en')} selected, ${ruled.blocked.toLocaleString('en')} held back)`,
    value: ruled.ms,
    unit: 'ms',
    floor: { value: bareMs, what: 'the same pages without entry rules' },
    goal: 'ratio ≤ 2×',
    met: ruled.ms / bareMs <= 2,
  });
} finally {
  await db.stop();
}
