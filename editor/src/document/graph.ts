import { isTrigger, type ScenarioDocument, type ScenarioEdge, type ScenarioNode } from '../../../shared/scenario/schema';
import { nodePorts } from './ports';

export type ConnectRefusal = 'self' | 'intoTrigger' | 'portUsed' | 'cycle' | 'unknownPort' | 'missingNode' | 'duplicate';

/** Why a new edge may not be drawn (null: it may). Checked while the user drags, so refusals are instant. */
export function connectRefusal(doc: Pick<ScenarioDocument, 'nodes' | 'edges'>, edge: ScenarioEdge): ConnectRefusal | null {
  const source = doc.nodes.find((n) => n.id === edge.from);
  const target = doc.nodes.find((n) => n.id === edge.to);
  if (!source || !target) return 'missingNode';
  if (edge.from === edge.to) return 'self';
  if (isTrigger(target.type)) return 'intoTrigger';
  if (!nodePorts(source).includes(edge.port)) return 'unknownPort';
  if (doc.edges.some((e) => e.from === edge.from && e.to === edge.to && e.port === edge.port)) return 'duplicate';
  if (doc.edges.some((e) => e.from === edge.from && e.port === edge.port)) return 'portUsed';
  if (reaches(doc.edges, edge.to, edge.from)) return 'cycle';
  return null;
}

/** True when `to` can be reached from `from` following edges. */
export function reaches(edges: ScenarioEdge[], from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}

export function removeNodes(doc: ScenarioDocument, ids: ReadonlySet<string>): ScenarioDocument {
  if (ids.size === 0) return doc;
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => !ids.has(n.id)),
    edges: doc.edges.filter((e) => !ids.has(e.from) && !ids.has(e.to)),
  };
}

/**
 * Puts a new node into an existing edge: `from -port-> node -firstPort-> to`. A node without output ports
 * (exit) only takes the incoming half.
 */
export function insertIntoEdge(doc: ScenarioDocument, edge: ScenarioEdge, node: ScenarioNode): ScenarioDocument {
  const rest = doc.edges.filter((e) => !(e.from === edge.from && e.port === edge.port && e.to === edge.to));
  const firstPort = nodePorts(node)[0];
  const added: ScenarioEdge[] = [{ from: edge.from, port: edge.port, to: node.id }];
  if (firstPort) added.push({ from: node.id, port: firstPort, to: edge.to });
  return { ...doc, nodes: [...doc.nodes, node], edges: [...rest, ...added] };
}

/** Edges whose source port no longer exists (e.g. an A/B variant was removed) are dropped with it. */
export function dropDanglingEdges(doc: ScenarioDocument): ScenarioDocument {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const edges = doc.edges.filter((e) => {
    const source = byId.get(e.from);
    return source && byId.has(e.to) && nodePorts(source).includes(e.port);
  });
  return edges.length === doc.edges.length ? doc : { ...doc, edges };
}

export interface Clip {
  format: 'comeback/clip';
  nodes: ScenarioNode[];
  edges: ScenarioEdge[];
}

export function copySelection(doc: ScenarioDocument, ids: ReadonlySet<string>): Clip {
  return {
    format: 'comeback/clip',
    nodes: doc.nodes.filter((n) => ids.has(n.id)),
    edges: doc.edges.filter((e) => ids.has(e.from) && ids.has(e.to)),
  };
}

/** Pastes with fresh ids (suffixing the originals) and an offset, so a pasted group sits beside its source. */
export function pasteClip(doc: ScenarioDocument, clip: Clip, offset = { x: 40, y: 40 }): { doc: ScenarioDocument; pasted: string[] } {
  const taken = new Set(doc.nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  for (const n of clip.nodes) {
    const base = n.id.replace(/-copy(-\d+)?$/, '');
    let id = `${base}-copy`;
    for (let i = 2; taken.has(id); i++) id = `${base}-copy-${i}`;
    taken.add(id);
    rename.set(n.id, id);
  }
  const nodes = clip.nodes.map((n) => ({
    ...n,
    id: rename.get(n.id)!,
    position: n.position ? { x: n.position.x + offset.x, y: n.position.y + offset.y } : undefined,
  })) as ScenarioNode[];
  const edges = clip.edges.map((e) => ({ from: rename.get(e.from)!, port: e.port, to: rename.get(e.to)! }));
  return { doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] }, pasted: nodes.map((n) => n.id) };
}
