import type { Plan, PlanNode } from './plan';
import { hasErrors, ScenarioInvalidError } from './problems';
import { isTrigger, NODE_SPECS, type ScenarioDocument, type ScenarioNode } from './schema';
import { validateScenario } from './validate';

export { ScenarioInvalidError } from './problems';

/**
 * Turns a valid document into the plan the workflows execute: edges resolved into `next` per port, the entry node,
 * and the audience push-down of ARCHITECTURE.md §4 (the filter right after the trigger whose `no` port is
 * unconnected, and a frequency limit right after its `yes` whose `limited` port is unconnected, run in SQL).
 * Throws `ScenarioInvalidError` with every problem when the document has errors.
 */
export function compileScenario(doc: ScenarioDocument, ids: { scenarioId: string; version: number }): Plan {
  const { document, problems } = validateScenario(doc);
  if (!document || hasErrors(problems)) throw new ScenarioInvalidError(problems);

  const nodes: Record<string, PlanNode> = {};
  const edgesFrom = new Map<string, ScenarioDocument['edges']>();
  for (const edge of document.edges) edgesFrom.set(edge.from, [...(edgesFrom.get(edge.from) ?? []), edge]);
  for (const node of document.nodes) nodes[node.id] = planNode(node, edgesFrom.get(node.id) ?? []);

  const trigger = document.nodes.find((n) => isTrigger(n.type))!;
  const passed: Plan['audience']['passed'] = [{ nodeId: trigger.id, type: trigger.type, port: 'out' }];
  let cursor = nodes[trigger.id].next.out ?? null;
  let condition: Plan['audience']['condition'] = null;
  let filterNodeId: string | null = null;
  let frequencyLimit: Plan['audience']['frequencyLimit'] = null;

  const first = cursor ? nodes[cursor] : null;
  if (first?.type === 'filter' && first.next.no === null) {
    condition = first.config.condition;
    filterNodeId = first.id;
    passed.push({ nodeId: first.id, type: 'filter', port: 'yes' });
    cursor = first.next.yes;
    const second = cursor ? nodes[cursor] : null;
    if (second?.type === 'frequencyLimit' && second.next.limited === null) {
      frequencyLimit = { nodeId: second.id, ...second.config };
      passed.push({ nodeId: second.id, type: 'frequencyLimit', port: 'pass' });
      cursor = second.next.pass;
    }
  }

  return {
    scenarioId: ids.scenarioId,
    version: ids.version,
    settings: document.settings,
    trigger: planTrigger(trigger),
    audience: { condition, filterNodeId, frequencyLimit, passed },
    entry: cursor,
    nodes,
  };
}

/** The trigger as the runtime schedules it (a daily trigger keeps the shape plans had before other triggers). */
function planTrigger(node: ScenarioNode): Plan['trigger'] {
  switch (node.type) {
    case 'dailyTrigger':
      return { nodeId: node.id, at: node.config.at };
    case 'birthdayTrigger':
    case 'segmentTrigger':
      return { nodeId: node.id, type: node.type, at: node.config.at };
    case 'bonusExpiryTrigger':
      return node.config.unit === 'days' ? { nodeId: node.id, type: node.type, at: node.config.at } : { nodeId: node.id, type: node.type, hourly: true };
    default:
      return { nodeId: node.id, type: node.type as Plan['trigger']['type'] };
  }
}

function planNode(node: ScenarioNode, edges: ScenarioDocument['edges']): PlanNode {
  const spec = NODE_SPECS[node.type];
  const config = node.config as never;
  const next: Record<string, string | null> = {};
  for (const port of (spec.ports as (c: unknown) => string[])(config)) next[port] = null;
  for (const edge of edges) next[edge.port] = edge.to;
  const name = node.label?.trim() || (spec.summary as (c: unknown, lang: 'ru' | 'en') => string)(config, 'ru');
  return { id: node.id, type: node.type, name, config: node.config, next } as PlanNode;
}
