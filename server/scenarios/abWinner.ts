import type { ScenarioDocument, ScenarioNode } from '../../shared/scenario/schema';
import type { Sql } from '../db/client';
import { ScenarioError } from './errors';
import { publishDocument, type TransitionOptions } from './lifecycle';
import type { ScenarioRuntime } from './runtime';
import type { Actor, ScenarioDetail } from './store';

export interface WinnerChoice {
  nodeId: string;
  variant: string;
  /** Keep the holdout share as it is (true) or send the holdout to the winner too (false). */
  keepHoldout: boolean;
}

export interface DecisionRecord {
  automatic: boolean;
  /** The groups and test the decision rested on. */
  stats: Record<string, unknown>;
}

/** The split node with the variant decided: `winner` set, the holdout kept or dropped, no auto-decision left to make. */
function decided(node: ScenarioNode, choice: WinnerChoice): ScenarioNode {
  const config: Record<string, unknown> = { ...(node.config as Record<string, unknown>), winner: choice.variant };
  if (!choice.keepHoldout) delete config.holdoutPct;
  delete config.autoDecide;
  return { ...node, config } as ScenarioNode;
}

const withDecision = (doc: ScenarioDocument, choice: WinnerChoice): ScenarioDocument => ({
  ...doc,
  nodes: doc.nodes.map((n) => (n.id === choice.nodeId ? decided(n, choice) : n)),
});

function splitOf(doc: ScenarioDocument | null, choice: WinnerChoice): ScenarioNode | null {
  const node = doc?.nodes.find((n) => n.id === choice.nodeId);
  if (node?.type !== 'abSplit') return null;
  return (node.config as { variants: Array<{ key: string }> }).variants.some((v) => v.key === choice.variant) ? node : null;
}

/**
 * Rolls an A/B winner out: publishes the next version, derived from the current published one, whose split sends
 * every new entrant (outside the holdout, when kept) to `variant`, and records the decision. Runs already inside
 * stay on their versions (the move planner decides their fate). The draft gets the same decision, so a later publish
 * of the draft does not undo it; a draft that matched the published version still does.
 */
export async function rollOutWinner(
  sql: Sql,
  runtime: ScenarioRuntime,
  scenarioId: string,
  choice: WinnerChoice,
  who: Actor & { name: string | null },
  record: DecisionRecord,
  options: TransitionOptions = {},
): Promise<{ version: number; scenario: ScenarioDetail }> {
  return publishDocument(sql, runtime, scenarioId, who, options, (row, current) => {
    if (!current || row.current_version === null) {
      throw new ScenarioError('conflict', 'scenario_not_published', { ru: 'Сценарий ещё не опубликован.', en: 'The scenario has not been published.' });
    }
    if (!splitOf(current, choice)) {
      throw new ScenarioError('invalid', 'ab_variant_unknown', {
        ru: `В текущей версии нет A/B-теста «${choice.nodeId}» с вариантом «${choice.variant}».`,
        en: `The current version has no A/B split “${choice.nodeId}” with variant “${choice.variant}”.`,
      });
    }
    // Two passes of the auto-decider (two API processes) judge the same split: the first one's version stands.
    if (record.automatic && (splitOf(current, choice)!.config as { winner?: string }).winner) {
      throw new ScenarioError('conflict', 'ab_already_decided', { ru: 'A/B-тест уже решён.', en: 'The A/B split is decided already.' });
    }
    const fromVersion = row.current_version;
    return {
      document: withDecision(current, choice),
      action: record.automatic ? 'scenario.abDecidedAutomatically' : 'scenario.abWinner',
      details: { nodeId: choice.nodeId, variant: choice.variant, keepHoldout: choice.keepHoldout, fromVersion },
      publishedRevision: null,
      async alongside(tx, version) {
        await tx`
          INSERT INTO ab_decisions (scenario_id, node_id, from_version, to_version, variant, keep_holdout, automatic, decided_by, decided_by_name, stats)
          VALUES (${scenarioId}, ${choice.nodeId}, ${fromVersion}, ${version}, ${choice.variant}, ${choice.keepHoldout}, ${record.automatic},
                  ${who.userId}, ${who.name}, ${tx.json(record.stats as never)})`;
        if (!splitOf(row.draft, choice)) return;
        const inSync = row.draft_revision === (await tx<{ r: number | null }[]>`SELECT published_revision AS r FROM scenarios WHERE id = ${scenarioId}`)[0].r;
        await tx`
          UPDATE scenarios SET draft = ${tx.json(withDecision(row.draft, choice) as never)}, draft_revision = draft_revision + 1,
                 published_revision = ${inSync ? tx`draft_revision + 1` : tx`published_revision`}
           WHERE id = ${scenarioId}`;
      },
    };
  });
}
