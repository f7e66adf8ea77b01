import { create } from 'zustand';
import { temporal } from 'zundo';
import { DEFAULT_TIME_ZONE } from '../../../shared/i18n/format';
import type { NodeType, ScenarioDocument, ScenarioEdge, ScenarioNode } from '../../../shared/scenario/schema';
import { layoutPositions } from '../document/layout';
import { connectRefusal, copySelection, dropDanglingEdges, insertIntoEdge, pasteClip, removeNodes, type Clip } from '../document/graph';
import { newNode } from '../document/defaults';

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'conflict' | 'error' | 'offline';

export interface EditorState {
  scenarioId: string | null;
  doc: ScenarioDocument;
  /** An old version opened for reading: nothing can change it. */
  readOnly: boolean;
  selection: string[];
  revision: number | null;
  /** JSON of the document as the server last confirmed it, to tell saved from unsaved. */
  savedJson: string;
  saveState: SaveState;
  saveError: string | null;
  /** Node the canvas should scroll to (set by the problems list). */
  focusRequest: { nodeId: string; at: number } | null;

  load(input: { scenarioId: string | null; doc: ScenarioDocument; revision: number | null; readOnly?: boolean; savedJson?: string }): void;
  change(update: (doc: ScenarioDocument) => ScenarioDocument, coalesceKey?: string): void;
  addNode(type: NodeType, position: { x: number; y: number }, into?: ScenarioEdge): string;
  connect(edge: ScenarioEdge): boolean;
  disconnect(edges: ScenarioEdge[]): void;
  deleteNodes(ids: string[]): void;
  updateNode(id: string, update: (node: ScenarioNode) => ScenarioNode, coalesceKey?: string): void;
  moveNodes(positions: Map<string, { x: number; y: number }>): void;
  autoLayout(sizes?: Map<string, { width: number; height: number }>): void;
  copy(): Clip | null;
  paste(clip: Clip): void;
  select(ids: string[]): void;
  focusNode(nodeId: string): void;
  markSaving(): void;
  markSaved(json: string, revision: number): void;
  markSaveFailed(state: 'conflict' | 'error' | 'offline', message: string | null): void;
}

export const EMPTY_DOCUMENT: ScenarioDocument = {
  format: 'scenario/v1',
  name: 'Новый сценарий',
  settings: { timezone: DEFAULT_TIME_ZONE, stopOnPurchase: true, conversionWindowDays: 30 },
  nodes: [],
  edges: [],
};

// Typing into a form field produces one undo step per burst, not one per keystroke: consecutive changes with the
// same key within this window are folded into the first one.
const COALESCE_MS = 1200;
let pendingKey: string | undefined;
let lastKey: string | undefined;
let lastAt = 0;

export const useEditor = create<EditorState>()(
  temporal(
    (set, get) => {
      const change = (update: (doc: ScenarioDocument) => ScenarioDocument, coalesceKey?: string) => {
        if (get().readOnly) return;
        const next = update(get().doc);
        if (next === get().doc) return;
        pendingKey = coalesceKey;
        set({ doc: next, saveState: 'unsaved' });
        pendingKey = undefined;
      };
      return {
        scenarioId: null,
        doc: EMPTY_DOCUMENT,
        readOnly: false,
        selection: [],
        revision: null,
        savedJson: JSON.stringify(EMPTY_DOCUMENT),
        saveState: 'saved',
        saveError: null,
        focusRequest: null,

        load({ scenarioId, doc, revision, readOnly = false, savedJson }) {
          const json = savedJson ?? JSON.stringify(doc);
          set({ scenarioId, doc, revision, readOnly, selection: [], savedJson: json, saveState: JSON.stringify(doc) === json ? 'saved' : 'unsaved', saveError: null, focusRequest: null });
          useEditor.temporal.getState().clear();
        },
        change,
        addNode(type, position, into) {
          const taken = new Set(get().doc.nodes.map((n) => n.id));
          const node = newNode(type, taken, position);
          change((doc) => (into ? insertIntoEdge(doc, into, node) : { ...doc, nodes: [...doc.nodes, node] }));
          set({ selection: [node.id] });
          return node.id;
        },
        connect(edge) {
          if (connectRefusal(get().doc, edge)) return false;
          change((doc) => ({ ...doc, edges: [...doc.edges, edge] }));
          return true;
        },
        disconnect(edges) {
          const gone = new Set(edges.map((e) => `${e.from}:${e.port}->${e.to}`));
          change((doc) => ({ ...doc, edges: doc.edges.filter((e) => !gone.has(`${e.from}:${e.port}->${e.to}`)) }));
        },
        deleteNodes(ids) {
          const set_ = new Set(ids);
          change((doc) => removeNodes(doc, set_));
          set({ selection: get().selection.filter((id) => !set_.has(id)) });
        },
        updateNode(id, update, coalesceKey) {
          change(
            (doc) => dropDanglingEdges({ ...doc, nodes: doc.nodes.map((n) => (n.id === id ? update(n) : n)) }),
            coalesceKey ? `${id}:${coalesceKey}` : undefined,
          );
        },
        moveNodes(positions) {
          const moved = (n: ScenarioNode) => {
            const p = positions.get(n.id);
            return p && (p.x !== n.position?.x || p.y !== n.position?.y);
          };
          if (!get().doc.nodes.some(moved)) return;
          change((doc) => ({
            ...doc,
            nodes: doc.nodes.map((n) => (moved(n) ? { ...n, position: positions.get(n.id)! } : n)),
          }));
        },
        autoLayout(sizes) {
          change((doc) => {
            const laid = layoutPositions(doc, sizes);
            return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: laid.get(n.id)! })) };
          });
        },
        copy() {
          const ids = new Set(get().selection);
          return ids.size ? copySelection(get().doc, ids) : null;
        },
        paste(clip) {
          let pasted: string[] = [];
          change((doc) => {
            const r = pasteClip(doc, clip);
            pasted = r.pasted;
            return r.doc;
          });
          set({ selection: pasted });
        },
        select(ids) {
          const cur = get().selection;
          if (cur.length === ids.length && cur.every((id, i) => id === ids[i])) return;
          set({ selection: ids });
        },
        focusNode(nodeId) {
          set({ selection: [nodeId], focusRequest: { nodeId, at: Date.now() } });
        },
        markSaving() {
          set({ saveState: 'saving', saveError: null });
        },
        markSaved(json, revision) {
          set({ savedJson: json, revision, saveState: JSON.stringify(get().doc) === json ? 'saved' : 'unsaved', saveError: null });
        },
        markSaveFailed(state, message) {
          set({ saveState: state, saveError: message });
        },
      };
    },
    {
      partialize: (s) => ({ doc: s.doc }),
      equality: (a, b) => a.doc === b.doc,
      limit: 200,
      handleSet: (handleSet) => (pastState, replace, currentState, deltaState) => {
        const now = Date.now();
        if (pendingKey && pendingKey === lastKey && now - lastAt < COALESCE_MS) {
          lastAt = now;
          return;
        }
        lastKey = pendingKey;
        lastAt = now;
        (handleSet as (...args: unknown[]) => void)(pastState, replace, currentState, deltaState);
      },
    },
  ),
);

export function undo() {
  if (!useEditor.getState().readOnly) useEditor.temporal.getState().undo();
}

export function redo() {
  if (!useEditor.getState().readOnly) useEditor.temporal.getState().redo();
}
