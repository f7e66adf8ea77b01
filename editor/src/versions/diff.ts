import type { ScenarioDocument, ScenarioNode } from '../../../shared/scenario/schema';
import { edgeId } from '../document/flow';

export interface DocumentDiff {
  added: ScenarioNode[];
  removed: ScenarioNode[];
  /** Same id, different type, label or config (moving a node is not a change). */
  changed: Array<{ before: ScenarioNode; after: ScenarioNode }>;
  edgesAdded: number;
  edgesRemoved: number;
  settingsChanged: boolean;
  renamed: boolean;
}

const meaning = (n: ScenarioNode) => JSON.stringify({ type: n.type, label: n.label ?? null, config: sortKeys(n.config) });

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  return value;
}

export function diffDocuments(before: ScenarioDocument, after: ScenarioDocument): DocumentDiff {
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  const oldEdges = new Set(before.edges.map(edgeId));
  const newEdges = new Set(after.edges.map(edgeId));
  return {
    added: after.nodes.filter((n) => !old.has(n.id)),
    removed: before.nodes.filter((n) => !now.has(n.id)),
    changed: after.nodes.filter((n) => old.has(n.id) && meaning(old.get(n.id)!) !== meaning(n)).map((n) => ({ before: old.get(n.id)!, after: n })),
    edgesAdded: [...newEdges].filter((e) => !oldEdges.has(e)).length,
    edgesRemoved: [...oldEdges].filter((e) => !newEdges.has(e)).length,
    settingsChanged: JSON.stringify(sortKeys(before.settings)) !== JSON.stringify(sortKeys(after.settings)) || (before.description ?? '') !== (after.description ?? ''),
    renamed: before.name !== after.name,
  };
}

export function isEmptyDiff(d: DocumentDiff): boolean {
  return !d.added.length && !d.removed.length && !d.changed.length && !d.edgesAdded && !d.edgesRemoved && !d.settingsChanged && !d.renamed;
}
