import type { ScenarioDocument, ScenarioEdge, ScenarioNode, ScenarioSettings } from '../../../shared/scenario/schema';
import { edgeId } from '../document/flow';
import { withPositions } from '../document/layout';

export interface DocumentDiff {
  added: ScenarioNode[];
  removed: ScenarioNode[];
  /** Same id, different type, label or config (moving a node is not a change). */
  changed: Array<{ before: ScenarioNode; after: ScenarioNode }>;
  addedEdges: ScenarioEdge[];
  removedEdges: ScenarioEdge[];
  settingsChanged: boolean;
  renamed: boolean;
}

export type NodeStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** One field that differs: a config key of a node, its label or type, or a scenario setting. Absent is undefined. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
const meaning = (n: ScenarioNode) => ({ type: n.type, label: n.label ?? null, config: n.config });

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
    changed: after.nodes.filter((n) => old.has(n.id) && !same(meaning(old.get(n.id)!), meaning(n))).map((n) => ({ before: old.get(n.id)!, after: n })),
    addedEdges: after.edges.filter((e) => !oldEdges.has(edgeId(e))),
    removedEdges: before.edges.filter((e) => !newEdges.has(edgeId(e))),
    settingsChanged: !same(before.settings, after.settings) || (before.description ?? '') !== (after.description ?? ''),
    renamed: before.name !== after.name,
  };
}

export function isEmptyDiff(d: DocumentDiff): boolean {
  return !d.added.length && !d.removed.length && !d.changed.length && !d.addedEdges.length && !d.removedEdges.length && !d.settingsChanged && !d.renamed;
}

/** What the compare view paints: every node's status on each side and the edges only one side has. */
export interface CanvasStatuses {
  before: Record<string, NodeStatus>;
  after: Record<string, NodeStatus>;
  /** Edge ids (edgeId) on the newer side that the older one lacks, and on the older side that the newer one lacks. */
  addedEdges: ReadonlySet<string>;
  removedEdges: ReadonlySet<string>;
}

export function canvasStatuses(before: ScenarioDocument, after: ScenarioDocument, diff: DocumentDiff): CanvasStatuses {
  const changed = new Set(diff.changed.map((c) => c.after.id));
  const added = new Set(diff.added.map((n) => n.id));
  const removed = new Set(diff.removed.map((n) => n.id));
  const status = (id: string, only: Set<string>, onlyStatus: NodeStatus): NodeStatus => (only.has(id) ? onlyStatus : changed.has(id) ? 'changed' : 'unchanged');
  return {
    before: Object.fromEntries(before.nodes.map((n) => [n.id, status(n.id, removed, 'removed')])),
    after: Object.fromEntries(after.nodes.map((n) => [n.id, status(n.id, added, 'added')])),
    addedEdges: new Set(diff.addedEdges.map(edgeId)),
    removedEdges: new Set(diff.removedEdges.map(edgeId)),
  };
}

/**
 * Both documents with every node placed, so the two canvases line up: a node keeps the position its own version
 * saved, else takes the one the other version saved; nodes neither placed are laid out over both versions together.
 */
export function placeTogether(before: ScenarioDocument, after: ScenarioDocument): [ScenarioDocument, ScenarioDocument] {
  if (before.nodes.every((n) => n.position) && after.nodes.every((n) => n.position)) return [before, after];
  const oldById = new Map(before.nodes.map((n) => [n.id, n]));
  const afterIds = new Set(after.nodes.map((n) => n.id));
  const afterEdges = new Set(after.edges.map(edgeId));
  const union = withPositions({
    nodes: [...after.nodes.map((n) => ({ ...n, position: n.position ?? oldById.get(n.id)?.position })), ...before.nodes.filter((n) => !afterIds.has(n.id))],
    edges: [...after.edges, ...before.edges.filter((e) => !afterEdges.has(edgeId(e)))],
  });
  const placed = new Map(union.nodes.map((n) => [n.id, n.position!]));
  const place = (doc: ScenarioDocument): ScenarioDocument => ({ ...doc, nodes: doc.nodes.map((n) => (n.position ? n : { ...n, position: placed.get(n.id)! })) });
  return [place(before), place(after)];
}

/** Field by field, what differs between two versions of a node; a node only one side has lists all its fields. */
export function nodeChanges(before: ScenarioNode | null, after: ScenarioNode | null): FieldChange[] {
  const out: FieldChange[] = [];
  if (before && after && before.type !== after.type) out.push({ field: 'type', before: before.type, after: after.type });
  if ((before?.label ?? '') !== (after?.label ?? '')) out.push({ field: 'label', before: before?.label || undefined, after: after?.label || undefined });
  const a = (before?.config ?? {}) as Record<string, unknown>;
  const b = (after?.config ?? {}) as Record<string, unknown>;
  const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
  for (const key of keys) if (!same(a[key], b[key])) out.push({ field: key, before: a[key], after: b[key] });
  return out;
}

/** The scenario's own fields, in the order the settings panel shows them. */
const SETTINGS_ORDER: Array<keyof ScenarioSettings> = ['timezone', 'quietHours', 'stopOnPurchase', 'conversionWindowDays', 'budget'];

export function settingsChanges(before: ScenarioDocument, after: ScenarioDocument): FieldChange[] {
  const out: FieldChange[] = [];
  if (before.name !== after.name) out.push({ field: 'name', before: before.name, after: after.name });
  if ((before.description ?? '') !== (after.description ?? '')) out.push({ field: 'description', before: before.description || undefined, after: after.description || undefined });
  for (const key of SETTINGS_ORDER) if (!same(before.settings[key], after.settings[key])) out.push({ field: key, before: before.settings[key], after: after.settings[key] });
  return out;
}
