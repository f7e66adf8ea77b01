import dagre from '@dagrejs/dagre';
import type { ScenarioDocument } from '../../../shared/scenario/schema';

export const NODE_WIDTH = 248;
export const NODE_HEIGHT = 92;

type Position = { x: number; y: number };

/** Top-to-bottom layered layout of the whole graph (dagre), as the document's node order and edges suggest. */
export function layoutPositions(doc: Pick<ScenarioDocument, 'nodes' | 'edges'>, sizes?: Map<string, { width: number; height: number }>): Map<string, Position> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 64, marginx: 24, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(doc.nodes.map((n) => n.id));
  for (const n of doc.nodes) {
    const size = sizes?.get(n.id);
    g.setNode(n.id, { width: size?.width ?? NODE_WIDTH, height: size?.height ?? NODE_HEIGHT });
  }
  for (const e of doc.edges) if (ids.has(e.from) && ids.has(e.to)) g.setEdge(e.from, e.to);
  dagre.layout(g);
  const out = new Map<string, Position>();
  for (const n of doc.nodes) {
    const p = g.node(n.id);
    const size = sizes?.get(n.id);
    // dagre gives centres; React Flow positions are top-left corners.
    out.set(n.id, { x: Math.round(p.x - (size?.width ?? NODE_WIDTH) / 2), y: Math.round(p.y - (size?.height ?? NODE_HEIGHT) / 2) });
  }
  return out;
}

/** The document with every node that lacks a position placed; nodes that have one keep it. */
export function withPositions<D extends Pick<ScenarioDocument, 'nodes' | 'edges'>>(doc: D): D {
  if (doc.nodes.every((n) => n.position)) return doc;
  const laid = layoutPositions(doc);
  const placed = doc.nodes.filter((n) => n.position);
  // When some nodes are already placed, shift the computed layout so new nodes land beside them, not on top.
  let dx = 0;
  if (placed.length > 0) {
    const maxX = Math.max(...placed.map((n) => n.position!.x));
    const minLaidX = Math.min(...doc.nodes.filter((n) => !n.position).map((n) => laid.get(n.id)!.x));
    dx = maxX + NODE_WIDTH + 80 - minLaidX;
  }
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.position ? n : { ...n, position: { x: laid.get(n.id)!.x + dx, y: laid.get(n.id)!.y } })),
  };
}
