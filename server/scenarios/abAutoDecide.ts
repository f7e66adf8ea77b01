import { decideSplit, type AutoDecideRule } from '../../shared/ab/decide';
import { formatFixed } from '../../shared/i18n/format';
import type { Plan, PlanNode } from '../../shared/scenario/plan';
import { abReport } from '../analytics/ab';
import { resolveScope } from '../analytics/scope';
import type { Sql } from '../db/client';
import { startBackgroundJob, type BackgroundJob } from '../infra/backgroundJob';
import { rollOutWinner } from './abWinner';
import type { ScenarioRuntime } from './runtime';

type SplitNode = Extract<PlanNode, { type: 'abSplit' }>;

export interface AutoDecision {
  scenarioId: string;
  nodeId: string;
  decided: boolean;
  /** The version published with the winner, when decided. */
  version?: number;
  why?: { ru: string; en: string };
  /** Judging or publishing failed; tried again at the next pass. */
  error?: string;
}

const pct = (x: number) => `${formatFixed(x * 100, 'ru', 1)} %`;

/**
 * One pass over the active scenarios whose current version has an A/B split that decides by itself and has not:
 * each is judged by `decideSplit` on its results over every version (entered and converted per variant, from the
 * A/B report) and the time since its first entrant. A decided split is rolled out as the next version (the
 * holdout kept: it keeps measuring the program), and the marketers get a task saying what happened and why.
 */
export async function autoDecideSplits(sql: Sql, runtime: ScenarioRuntime, now = new Date()): Promise<AutoDecision[]> {
  const scenarios = await sql<{ id: string; name: string; plan: Plan }[]>`
    SELECT s.id, s.name, v.plan FROM scenarios s JOIN scenario_versions v ON v.scenario_id = s.id AND v.version = s.current_version
     WHERE s.status = 'active'`;
  const results: AutoDecision[] = [];
  for (const scenario of scenarios) {
    const splits = Object.values(scenario.plan.nodes).filter((n): n is SplitNode => n.type === 'abSplit' && !!n.config.autoDecide && !n.config.winner);
    for (const split of splits) {
      try {
        results.push(await judge(sql, runtime, scenario, split, now));
      } catch (error) {
        // One scenario's trouble (Temporal away, a publish in progress) leaves the others judged; next pass retries.
        results.push({ scenarioId: scenario.id, nodeId: split.id, decided: false, error: (error as Error)?.message ?? String(error) });
      }
    }
  }
  return results;
}

async function judge(sql: Sql, runtime: ScenarioRuntime, scenario: { id: string; name: string }, split: SplitNode, now: Date): Promise<AutoDecision> {
  const rule = split.config.autoDecide as AutoDecideRule;
  const report = await abReport(sql, await resolveScope(sql, scenario.id, {}), rule.mdeRelPct ?? 20);
  const groups = (report.splits.find((s) => s.nodeId === split.id)?.groups ?? []).map((g) => ({ key: g.key, label: g.label, entered: g.entered, converted: g.converted }));
  const [first] = await sql<{ at: Date | null }[]>`
    SELECT min(s.at) AS at FROM run_steps s JOIN runs r ON r.id = s.run_id
     WHERE r.scenario_id = ${scenario.id} AND s.node_id = ${split.id} AND s.node_type = 'abSplit'`;
  const decision = decideSplit(groups, rule, first.at, now);
  if (!decision.decided) return { scenarioId: scenario.id, nodeId: split.id, decided: false, why: decision.why };

  const label = (key: string) => groups.find((g) => g.key === key)?.label ?? key;
  const rate = (key: string) => {
    const g = groups.find((x) => x.key === key)!;
    return g.converted / g.entered;
  };
  const stats = { groups, rule, leader: decision.winner, runnerUp: decision.runnerUp, pValue: decision.comparison.pValue, upliftRel: decision.comparison.upliftRel, requiredPerGroup: decision.requiredPerGroup, days: decision.days, at: now.toISOString() };
  const { version } = await rollOutWinner(sql, runtime, scenario.id, { nodeId: split.id, variant: decision.winner, keepHoldout: true }, { userId: null, name: null }, { automatic: true, stats });
  const text =
    `A/B-тест «${split.name}» в сценарии «${scenario.name}» решён автоматически: победил «${label(decision.winner)}» ` +
    `(конверсия ${pct(rate(decision.winner))} против ${pct(rate(decision.runnerUp))} у «${label(decision.runnerUp)}», p = ${formatFixed(decision.comparison.pValue ?? 0, 'ru', 4)}). ` +
    `С v${version} все новые клиенты получают «${label(decision.winner)}»; клиенты в пути остались на своих версиях — решите их судьбу в планировщике переноса.`;
  await sql`
    INSERT INTO staff_tasks (idempotency_key, scenario_id, node_id, customer_id, role, text)
    VALUES (${`ab-decided:${scenario.id}:${split.id}:${version}`}, ${scenario.id}, ${split.id}, null, 'marketer', ${text})
    ON CONFLICT (idempotency_key) DO NOTHING`;
  return { scenarioId: scenario.id, nodeId: split.id, decided: true, version };
}

/** Judges self-deciding A/B splits every hour (and a minute after start). */
export function startAbAutoDecider(sql: Sql, runtime: ScenarioRuntime, options: { everyMs?: number; log?: (line: string) => void } = {}): BackgroundJob {
  return startBackgroundJob({
    name: 'A/B auto-decide',
    everyMs: options.everyMs ?? 3_600_000,
    firstAfterMs: 60_000,
    log: options.log,
    async pass() {
      const results = await autoDecideSplits(sql, runtime);
      const failed = results.filter((r) => r.error);
      return { done: results.filter((r) => r.decided).length, failed: failed.length, error: failed[0]?.error ?? null };
    },
  });
}
