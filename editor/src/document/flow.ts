import type { Edge, Node } from '@xyflow/react';
import type { ScenarioDocument, ScenarioEdge, ScenarioNode } from '../../../shared/scenario/schema';
import { withPositions } from './layout';

/**
 * The canvas is a view of the scenario/v1 document. These two functions are the only place where the document
 * meets React Flow: nodes carry their domain node in `data.node`, edges are keyed by source port.
 */

export interface NodeMarks {
  severity?: 'error' | 'warning';
  /** Part of the simulated path being shown. */
  highlighted?: boolean;
  /** Dimmed while a simulated path is shown and the node is not on it. */
  dimmed?: boolean;
}

export type ScenarioFlowNode = Node<{ node: ScenarioNode; marks: NodeMarks }, 'scenario'>;
export type ScenarioFlowEdge = Edge<{ edge: ScenarioEdge; highlighted?: boolean }>;

export const TARGET_HANDLE = 'in';

export function edgeId(e: ScenarioEdge): string {
  return `${e.from}:${e.port}->${e.to}`;
}

export function toFlowNodes(doc: ScenarioDocument, marks: Record<string, NodeMarks> = {}, selected: ReadonlySet<string> = new Set()): ScenarioFlowNode[] {
  const placed = withPositions(doc);
  return placed.nodes.map((node) => ({
    id: node.id,
    type: 'scenario',
    position: node.position!,
    selected: selected.has(node.id),
    data: { node, marks: marks[node.id] ?? {} },
  }));
}

export function toFlowEdges(doc: ScenarioDocument, highlighted: ReadonlySet<string> = new Set(), selected: ReadonlySet<string> = new Set()): ScenarioFlowEdge[] {
  return doc.edges.map((edge) => {
    const id = edgeId(edge);
    return {
      id,
      source: edge.from,
      sourceHandle: edge.port,
      target: edge.to,
      targetHandle: TARGET_HANDLE,
      selected: selected.has(id),
      animated: highlighted.has(id),
      className: highlighted.has(id) ? 'edge-highlighted' : undefined,
      data: { edge, highlighted: highlighted.has(id) },
    };
  });
}

/** Rebuilds the document from what the canvas shows: everything but positions comes from the nodes' data. */
export function fromFlow(doc: ScenarioDocument, nodes: ScenarioFlowNode[], edges: ScenarioFlowEdge[]): ScenarioDocument {
  return {
    ...doc,
    nodes: nodes.map((n) => ({ ...n.data.node, position: { x: n.position.x, y: n.position.y } })),
    edges: edges.map((e) => ({ from: e.source, port: e.sourceHandle ?? 'out', to: e.target })),
  };
}
