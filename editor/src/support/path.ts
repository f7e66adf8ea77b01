import type { ScenarioDocument } from '../../../shared/scenario/schema';
import { edgeId } from '../document/flow';
import type { RunDetail } from './api';

/** Nodes the run passed and the edges it took between them (by the port it left each node through), up to where it is now. */
export function takenPath(doc: ScenarioDocument, passed: RunDetail['path'], currentNodeId: string | null): { nodes: Set<string>; edges: Set<string> } {
  const path = currentNodeId && passed.at(-1)?.nodeId !== currentNodeId ? [...passed, { nodeId: currentNodeId, port: null, at: '' }] : passed;
  const nodes = new Set(path.map((p) => p.nodeId).filter((id) => doc.nodes.some((n) => n.id === id)));
  const edges = new Set<string>();
  for (let i = 0; i + 1 < path.length; i++) {
    const { nodeId, port } = path[i];
    const next = path[i + 1].nodeId;
    const edge = doc.edges.find((e) => e.from === nodeId && e.to === next && (port === null || e.port === port)) ?? doc.edges.find((e) => e.from === nodeId && e.to === next);
    if (edge) edges.add(edgeId(edge));
  }
  return { nodes, edges };
}
