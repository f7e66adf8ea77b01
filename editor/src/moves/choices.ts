import type { MoveChoiceJson, MoveChoices, MovePlanner } from '../../../shared/api/moves';

/** The marketer's choices as the planner edits them: by old version and node; absent = stay. */
export type Choices = Record<string, Record<string, MoveChoiceJson>>;

export const choiceOf = (choices: Choices, version: number, nodeId: string): MoveChoiceJson => choices[String(version)]?.[nodeId] ?? { action: 'stay' };

export function withChoice(choices: Choices, version: number, nodeId: string, choice: MoveChoiceJson): Choices {
  const key = String(version);
  return { ...choices, [key]: { ...choices[key], [nodeId]: choice } };
}

/** What the API takes: stays dropped (they are the default). */
export function toRequest(choices: Choices): MoveChoices {
  const out: MoveChoices = {};
  for (const [version, nodes] of Object.entries(choices)) {
    const kept = Object.fromEntries(Object.entries(nodes).filter(([, c]) => c.action !== 'stay'));
    if (Object.keys(kept).length) out[version] = kept;
  }
  return out;
}

/** How many runs the choices move and take out, by the planner's counts now. */
export function choiceCounts(planner: MovePlanner, choices: Choices): { moved: number; exited: number } {
  let moved = 0;
  let exited = 0;
  for (const v of planner.versions) {
    for (const node of v.nodes) {
      const c = choiceOf(choices, v.version, node.id);
      if (c.action === 'move') moved += node.runs;
      if (c.action === 'exit') exited += node.runs;
    }
  }
  return { moved, exited };
}

/** The nodes of the new version runs at `node` may move to (refused ones left out), the suggested one first. */
export function allowedTargets(planner: MovePlanner, node: MovePlanner['versions'][number]['nodes'][number]) {
  const refused = new Set(node.refused.map((r) => r.nodeId));
  const allowed = planner.toNodes.filter((n) => !refused.has(n.id));
  return node.suggested ? [...allowed.filter((n) => n.id === node.suggested), ...allowed.filter((n) => n.id !== node.suggested)] : allowed;
}

const HOUR = 3_600_000;

/**
 * When the runs at a wait would wake after moving to `targetId`: a wait moved to from a wait counts from the old
 * one's start, so the range shifts by the difference of the two lengths (null when either is not a wait).
 */
export function movedWakes(planner: MovePlanner, node: MovePlanner['versions'][number]['nodes'][number], targetId: string): { first: Date; last: Date } | null {
  const target = planner.toNodes.find((n) => n.id === targetId);
  if (!node.wakes || node.waitHours === undefined || target?.waitHours === undefined) return null;
  const shift = (target.waitHours - node.waitHours) * HOUR;
  return { first: new Date(Date.parse(node.wakes.first) + shift), last: new Date(Date.parse(node.wakes.last) + shift) };
}
