import { HOLDOUT_PORT } from '../ab/assign';
import type { Text } from '../i18n/text';
import type { Plan, PlanNode } from './plan';
import { isTrigger } from './triggers';

/**
 * Moving live runs to a newer version of their scenario (ARCHITECTURE.md §4, "live evolution"): what a run at a node
 * of an older version may do, and why a move is refused. Pure: the planner, the dry run and the editor share it.
 */

/** What happens to the runs at one node of an older version; a node without a choice stays. */
export type MoveChoice = { action: 'move'; to: string } | { action: 'exit' };
export type NodeChoice = MoveChoice | { action: 'stay' };

/** One node of the new version as a destination for the runs at one node of an old version. */
export interface MoveTarget {
  nodeId: string;
  allowed: boolean;
  /** Why not, in the marketer's words (only when refused). */
  why?: Text;
}

/** What a run has, by the time it reaches a node, on every path there: a granted bonus, A/B branches taken. */
interface Reach {
  /** A `grantBonus` lies on every path from the trigger to the node (strictly before it). */
  bonus: boolean;
  /** `split:port` of every A/B split whose branch leads to the node on every path. */
  branches: Set<string>;
  reachable: boolean;
}

const facts = new WeakMap<Plan, Map<string, Reach>>();

/** Forward dataflow over the DAG from the trigger: intersection over incoming edges of what each edge carries. */
function reachOf(plan: Plan): Map<string, Reach> {
  const cached = facts.get(plan);
  if (cached) return cached;
  const incoming = new Map<string, Array<{ from: PlanNode; port: string }>>();
  for (const node of Object.values(plan.nodes)) {
    for (const [port, to] of Object.entries(node.next)) if (to) incoming.set(to, [...(incoming.get(to) ?? []), { from: node, port }]);
  }
  const result = new Map<string, Reach>();
  const visit = (id: string): Reach => {
    const known = result.get(id);
    if (known) return known;
    const edges = incoming.get(id) ?? [];
    let reach: Reach;
    if (edges.length === 0) {
      reach = { bonus: false, branches: new Set(), reachable: id === plan.trigger.nodeId };
    } else {
      const carried = edges
        .map(({ from, port }) => ({ r: visit(from.id), from, port }))
        .filter(({ r }) => r.reachable)
        .map(({ r, from, port }) => ({
          bonus: r.bonus || from.type === 'grantBonus',
          branches: from.type === 'abSplit' ? new Set([...r.branches, `${from.id}:${port}`]) : r.branches,
        }));
      reach = carried.length
        ? {
            reachable: true,
            bonus: carried.every((c) => c.bonus),
            branches: new Set([...carried[0].branches].filter((b) => carried.every((c) => c.branches.has(b)))),
          }
        : { bonus: false, branches: new Set(), reachable: false };
    }
    result.set(id, reach);
    return reach;
  };
  for (const id of Object.keys(plan.nodes)) visit(id);
  facts.set(plan, result);
  return result;
}

const usesBonus = (node: PlanNode): boolean =>
  node.type === 'reminder' ||
  ((node.type === 'send' || node.type === 'task') && /\bbonus\b/.test(`${node.config.text} ${'subject' in node.config ? (node.config.subject ?? '') : ''}`));

/** The first node from `id` on that needs a bonus before any `grantBonus` gives one, or null. */
function bonusNeededFrom(plan: Plan, id: string, seen = new Set<string>()): PlanNode | null {
  if (seen.has(id)) return null;
  seen.add(id);
  const node = plan.nodes[id];
  if (!node || node.type === 'grantBonus') return null;
  if (usesBonus(node)) return node;
  for (const next of Object.values(node.next)) {
    const found = next ? bonusNeededFrom(plan, next, seen) : null;
    if (found) return found;
  }
  return null;
}

function branchName(plan: Plan, branch: string): Text {
  const [splitId, port] = branch.split(':');
  const split = plan.nodes[splitId];
  const variant = split?.type === 'abSplit' ? split.config.variants.find((v) => v.key === port) : undefined;
  const label = port === HOLDOUT_PORT ? { ru: 'контрольной группы', en: 'the holdout' } : { ru: `варианта «${variant?.label ?? port}»`, en: `variant “${variant?.label ?? port}”` };
  return { ru: `${label.ru} A/B-теста «${split?.name ?? splitId}»`, en: `${label.en} of the A/B test “${split?.name ?? splitId}”` };
}

/** Whether runs at `fromNodeId` of `from` may continue at `toNodeId` of `to`, and if not, why. */
export function checkMove(from: Plan, fromNodeId: string, to: Plan, toNodeId: string): MoveTarget {
  const refuse = (why: Text): MoveTarget => ({ nodeId: toNodeId, allowed: false, why });
  const source = from.nodes[fromNodeId];
  const target = to.nodes[toNodeId];
  if (!source) return refuse({ ru: `В версии ${from.version} нет шага «${fromNodeId}».`, en: `Version ${from.version} has no step “${fromNodeId}”.` });
  if (!target) return refuse({ ru: `В версии ${to.version} нет шага «${toNodeId}».`, en: `Version ${to.version} has no step “${toNodeId}”.` });
  if (isTrigger(target.type)) {
    return refuse({ ru: 'Это запуск сценария: клиенты уже вошли, вернуть их к запуску нельзя.', en: 'This is the scenario’s trigger: the customers have entered already.' });
  }
  if (to.audience.passed.some((p) => p.nodeId === toNodeId)) {
    return refuse({ ru: 'Этот шаг — часть отбора аудитории: его проходят только при входе.', en: 'This step is part of the audience selection: it is passed only on entry.' });
  }
  if (target.type === 'exit') {
    return refuse({ ru: 'Чтобы вывести клиентов из сценария, выберите «Вывести».', en: 'To take the customers out of the scenario, choose “Exit”.' });
  }
  const sourceReach = reachOf(from).get(fromNodeId)!;
  const targetReach = reachOf(to).get(toNodeId)!;
  if (!targetReach.reachable) return refuse({ ru: 'До этого шага не доходит ни одна ветка.', en: 'No branch reaches this step.' });
  const needs = sourceReach.bonus ? null : bonusNeededFrom(to, toNodeId);
  if (needs) {
    return refuse({
      ru: `Шаг «${needs.name}» говорит о бонусе, а клиенты на шаге «${source.name}» бонус в этом запуске не получали.`,
      en: `Step “${needs.name}” talks about a bonus, and the customers at “${source.name}” were granted none in this run.`,
    });
  }
  const missing = [...targetReach.branches].find((b) => !sourceReach.branches.has(b));
  if (missing) {
    const name = branchName(to, missing);
    return refuse({
      ru: `Шаг в ветке ${name.ru}: клиенты на шаге «${source.name}» в эту ветку не попадали.`,
      en: `This step is in the branch of ${name.en}: the customers at “${source.name}” never went into it.`,
    });
  }
  return { nodeId: toNodeId, allowed: true };
}

/** Every node of the new version as a destination for runs at `fromNodeId`, in the new version's node order. */
export function moveTargets(from: Plan, fromNodeId: string, to: Plan): MoveTarget[] {
  return Object.keys(to.nodes).map((id) => checkMove(from, fromNodeId, to, id));
}

/** Where "move" points by default: the node with the same id and type in the new version, when that move is allowed. */
export function suggestedTarget(from: Plan, fromNodeId: string, to: Plan): string | null {
  const same = to.nodes[fromNodeId];
  if (!same || same.type !== from.nodes[fromNodeId]?.type) return null;
  return checkMove(from, fromNodeId, to, fromNodeId).allowed ? fromNodeId : null;
}
