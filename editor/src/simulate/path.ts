import type { ScenarioDocument } from '../../../shared/scenario/schema';
import { edgeId } from '../document/flow';
import type { SimulatedRun } from '../../../shared/api/simulate';

/** Nodes a simulated run went through and the edges between consecutive ones, for highlighting on the canvas. */
export function runPath(doc: ScenarioDocument, run: SimulatedRun): { nodes: Set<string>; edges: Set<string> } {
  const visited = run.steps.map((s) => s.nodeId).filter((id) => doc.nodes.some((n) => n.id === id));
  const nodes = new Set(visited);
  const edges = new Set<string>();
  for (let i = 0; i + 1 < visited.length; i++) {
    const edge = doc.edges.find((e) => e.from === visited[i] && e.to === visited[i + 1]);
    if (edge) edges.add(edgeId(edge));
  }
  return { nodes, edges };
}
