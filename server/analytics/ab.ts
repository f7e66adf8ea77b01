import type { AbGroup, AbReport, AbSplitResult } from '../../shared/api/analytics';
import { compareWithControl, conversionRate } from '../../shared/stats/compare';
import { verdictText, type ControlRef } from '../../shared/stats/verdict';
import { HOLDOUT_PORT } from '../../shared/scenario/nodes/abSplit';
import type { Sql } from '../db/client';
import { countRows } from './report';
import { countable, scopedRuns, type ReportScope } from './scope';

export const AB_METHOD = {
  ru: 'Двусторонний z-тест для двух долей (α = 5 %), интервалы Уилсона и Ньюкомба (95 %), объём выборки — для мощности 80 %. Истинный прирост измеряется только против контрольной группы.',
  en: 'Two-sided pooled two-proportion z-test (α = 5%), Wilson and Newcombe 95% intervals, sample size for 80% power. True uplift is measured only against the holdout.',
};

interface GroupRow {
  node_id: string;
  port: string;
  entered: number;
  converted: number;
  revenue: number;
}

/**
 * A/B results per abSplit node: each run's group is the port its journal line at the split took (so a run that
 * passed two splits counts in both), conversion as in the scenario report. Read from the pre-aggregated counts when
 * they answer for the scope; `recount: true` computes them from the runs and the journal.
 */
export async function abReport(sql: Sql, scope: ReportScope, mdeRelPct: number, options: { recount?: boolean } = {}): Promise<AbReport> {
  const rows = !options.recount && countable(scope) ? await countedGroups(sql, scope) : await recountedGroups(sql, scope);
  const splits = new Map<string, AbSplitResult>();
  const plan = scope.canvas?.plan;
  for (const node of Object.values(plan?.nodes ?? {})) {
    if (node.type !== 'abSplit') continue;
    const holdoutPct = node.config.holdoutPct ?? 0;
    splits.set(node.id, {
      nodeId: node.id,
      name: node.name,
      hasHoldout: holdoutPct > 0,
      holdoutPct,
      groups: [
        ...node.config.variants.map((v) => emptyGroup(v.key, v.label)),
        ...(holdoutPct > 0 ? [emptyGroup(HOLDOUT_PORT, 'Контрольная группа')] : []),
      ],
    });
  }
  for (const row of rows) {
    let split = splits.get(row.node_id);
    // A split only an older version had: show what its runs did, labelled by keys.
    if (!split) splits.set(row.node_id, (split = { nodeId: row.node_id, name: row.node_id, hasHoldout: false, holdoutPct: 0, groups: [] }));
    let group = split.groups.find((g) => g.key === row.port);
    if (!group) split.groups.push((group = emptyGroup(row.port, row.port === HOLDOUT_PORT ? 'Контрольная группа' : row.port)));
    if (row.port === HOLDOUT_PORT) split.hasHoldout = true;
    group.entered = row.entered;
    group.converted = row.converted;
    group.revenue = Math.round(row.revenue * 100) / 100;
  }

  const decisions = await sql<{ node_id: string; variant: string; automatic: boolean; decided_at: Date; decided_by_name: string | null; from_version: number; to_version: number; keep_holdout: boolean; stats: Record<string, unknown> }[]>`
    SELECT DISTINCT ON (node_id) node_id, variant, automatic, decided_at, decided_by_name, from_version, to_version, keep_holdout, stats
      FROM ab_decisions WHERE scenario_id = ${scope.scenarioId} ORDER BY node_id, decided_at DESC`;
  for (const d of decisions) {
    const split = splits.get(d.node_id);
    if (!split) continue;
    const label = split.groups.find((g) => g.key === d.variant)?.label ?? d.variant;
    split.decision = { variant: d.variant, label, automatic: d.automatic, at: d.decided_at.toISOString(), by: d.decided_by_name, fromVersion: d.from_version, toVersion: d.to_version, keepHoldout: d.keep_holdout, stats: d.stats };
  }
  for (const node of Object.values(plan?.nodes ?? {})) {
    const split = node.type === 'abSplit' ? splits.get(node.id) : undefined;
    if (split && node.type === 'abSplit') split.autoDecide = node.config.autoDecide && !node.config.winner ? node.config.autoDecide : null;
  }

  for (const split of splits.values()) {
    const control = split.groups.find((g) => g.isHoldout) ?? split.groups[0];
    const against: ControlRef = control.isHoldout ? { holdout: true } : { holdout: false, label: control.label };
    for (const group of split.groups) {
      const { rate, ci } = conversionRate(group);
      group.rate = rate;
      group.rateCi = ci;
      group.revenuePerCustomer = group.entered > 0 ? Math.round((group.revenue / group.entered) * 100) / 100 : null;
      group.isControl = group === control;
      if (group === control) continue;
      const comparison = compareWithControl(group, control, mdeRelPct);
      group.comparison = {
        ...comparison,
        text: {
          ru: verdictText(group.label, against, comparison, 'ru'),
          en: verdictText(group.label, against, comparison, 'en'),
        },
      };
    }
  }
  return { mdeRelPct, method: AB_METHOD, splits: [...splits.values()] };
}

function emptyGroup(key: string, label: string): AbGroup {
  return {
    key,
    label,
    isHoldout: key === HOLDOUT_PORT,
    isControl: false,
    entered: 0,
    converted: 0,
    rate: null,
    rateCi: null,
    revenue: 0,
    revenuePerCustomer: null,
    comparison: null,
  };
}

async function countedGroups(sql: Sql, scope: ReportScope): Promise<GroupRow[]> {
  const groups = new Map<string, GroupRow>();
  for (const r of await countRows(sql, scope, ['ab'])) {
    const key = `${r.node_id} ${r.port}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { node_id: r.node_id, port: r.port, entered: 0, converted: 0, revenue: 0 }));
    g.entered += r.entered;
    g.converted += r.converted;
    g.revenue += r.revenue;
  }
  return [...groups.values()].filter((g) => g.entered !== 0);
}

function recountedGroups(sql: Sql, scope: ReportScope): Promise<GroupRow[]> {
  return sql<GroupRow[]>`
    WITH scoped AS (${scopedRuns(sql, scope)})
    SELECT s.node_id, s.port, count(*) AS entered, count(*) FILTER (WHERE scoped.converted) AS converted,
           COALESCE(sum(scoped.revenue), 0) AS revenue
      FROM run_steps s JOIN scoped ON s.run_id = scoped.id
     WHERE s.node_type = 'abSplit' AND s.outcome IN ('variant', 'holdout') AND s.port IS NOT NULL
     GROUP BY s.node_id, s.port`;
}
