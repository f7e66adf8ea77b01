import type { ScenarioDocument } from '../../../shared/scenario/schema';
import { toFlowNodes, type NodeMarks, type ScenarioFlowNode } from '../document/flow';

const sameMarks = (a: NodeMarks, b: NodeMarks) => a.severity === b.severity && a.highlighted === b.highlighted && a.dimmed === b.dimmed;

/**
 * Canvas nodes for a new document, reusing the previous node objects where nothing the view shows has changed:
 * memoised node components then skip re-rendering, which is what keeps a 300-node scenario smooth.
 */
export function reconcileNodes(
  prev: ScenarioFlowNode[],
  doc: ScenarioDocument,
  marks: Record<string, NodeMarks>,
  selected: ReadonlySet<string>,
): ScenarioFlowNode[] {
  const old = new Map(prev.map((n) => [n.id, n]));
  return toFlowNodes(doc, marks, selected).map((fresh) => {
    const before = old.get(fresh.id);
    if (!before) return fresh;
    if (before.data.node === fresh.data.node && sameMarks(before.data.marks, fresh.data.marks) && !!before.selected === !!fresh.selected) return before;
    const positionChanged = before.data.node.position !== fresh.data.node.position;
    return {
      ...fresh,
      position: positionChanged ? fresh.position : before.position,
      measured: before.measured,
    };
  });
}
