import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  applyNodeChanges,
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  getViewportForBounds,
  ReactFlow,
  ReactFlowProvider,
  useNodesInitialized,
  useReactFlow,
  useStore,
  type NodeChange,
  type NodeProps,
  type Rect,
  type Viewport,
} from '@xyflow/react';
import type { ScenarioDocument } from '../../../shared/scenario/schema';
import { ScenarioNodeView } from '../canvas/ScenarioNodeView';
import { toFlowEdges, toFlowNodes, type ScenarioFlowNode } from '../document/flow';
import { NODE_HEIGHT, NODE_WIDTH } from '../document/layout';
import type { NodeStatus } from './diff';
import { useVersionsT } from './texts';

type CompareFlowNode = ScenarioFlowNode & { data: ScenarioFlowNode['data'] & { status: NodeStatus } };

/** The editor's node view inside a frame coloured by the node's status, with the status in words on a badge. */
function CompareNodeView(props: NodeProps<CompareFlowNode>) {
  const { t } = useVersionsT();
  const { status } = props.data;
  return (
    <div className={`cmp-node cmp-${status}`} data-status={status}>
      <ScenarioNodeView {...(props as unknown as NodeProps<ScenarioFlowNode>)} />
      {status !== 'unchanged' && <span className="cmp-badge">{t(`status_${status}`)}</span>}
    </div>
  );
}

const nodeTypes = { scenario: CompareNodeView };

export interface CompareSide {
  key: 'before' | 'after';
  doc: ScenarioDocument;
  statuses: Record<string, NodeStatus>;
  /** Edges only this side has (added on the newer side, removed on the older one). */
  changedEdges: ReadonlySet<string>;
  title: string;
  meta: string;
}

/**
 * The two versions side by side, read-only, moving together: one viewport for both panes, so a node that stayed in
 * place sits at the same spot on the left and on the right. Both open fitted to everything either version has.
 */
export function CompareCanvases({ sides, selected, onSelect, focus }: { sides: [CompareSide, CompareSide]; selected: string | null; onSelect(id: string | null): void; focus: { id: string; at: number } | null }) {
  const [viewport, setViewport] = useState<Viewport>({ x: 0, y: 0, zoom: 1 });
  const [fitted, setFitted] = useState(false);
  const measured = useRef<Partial<Record<'before' | 'after', { bounds: Rect | null; width: number; height: number }>>>({});

  const fit = useCallback(() => {
    const { before, after } = measured.current;
    if (!before || !after) return;
    const rects = [before.bounds, after.bounds].filter((r): r is Rect => !!r);
    if (rects.length) setViewport(getViewportForBounds(union(rects), after.width, after.height, 0.2, 1, 0.06));
    setFitted(true);
  }, []);

  const onMeasured = useCallback(
    (key: 'before' | 'after', bounds: Rect | null, width: number, height: number) => {
      measured.current[key] = { bounds, width, height };
      if (!fitted) fit();
    },
    [fit, fitted],
  );

  // A node picked in the list of changes comes to the middle of both panes, readable.
  const docs = useRef([sides[0].doc, sides[1].doc]);
  docs.current = [sides[0].doc, sides[1].doc];
  useEffect(() => {
    if (!focus) return;
    const [before, after] = docs.current;
    const node = after.nodes.find((n) => n.id === focus.id) ?? before.nodes.find((n) => n.id === focus.id);
    const size = measured.current.after;
    if (!node?.position || !size) return;
    setViewport((vp) => {
      const zoom = Math.max(vp.zoom, 0.9);
      return { x: size.width / 2 - (node.position!.x + NODE_WIDTH / 2) * zoom, y: size.height / 2 - (node.position!.y + NODE_HEIGHT / 2) * zoom, zoom };
    });
  }, [focus]);

  return (
    <div className={`cmp-panes${fitted ? '' : ' is-fitting'}`}>
      {sides.map((side) => (
        <ReactFlowProvider key={side.key}>
          <ComparePane side={side} selected={selected} onSelect={onSelect} viewport={viewport} onViewport={setViewport} onMeasured={onMeasured} onFit={fit} />
        </ReactFlowProvider>
      ))}
    </div>
  );
}

function ComparePane({
  side,
  selected,
  onSelect,
  viewport,
  onViewport,
  onMeasured,
  onFit,
}: {
  side: CompareSide;
  selected: string | null;
  onSelect(id: string | null): void;
  viewport: Viewport;
  onViewport(v: Viewport): void;
  onMeasured(key: CompareSide['key'], bounds: Rect | null, width: number, height: number): void;
  onFit(): void;
}) {
  const { t } = useVersionsT();
  const placed = useMemo<CompareFlowNode[]>(
    () =>
      toFlowNodes(side.doc).map((n) => ({
        ...n,
        draggable: false,
        data: { ...n.data, status: side.statuses[n.id] ?? 'unchanged' },
      })),
    [side.doc, side.statuses],
  );
  // The nodes keep the sizes React Flow measured: a node handed over without them is hidden until measured again.
  const [measuredNodes, setMeasuredNodes] = useState(placed);
  useEffect(() => setMeasuredNodes(placed), [placed]);
  const nodes = useMemo(() => measuredNodes.map((n) => (!!n.selected === (n.id === selected) ? n : { ...n, selected: n.id === selected })), [measuredNodes, selected]);
  const edges = useMemo(
    () =>
      toFlowEdges(side.doc).map((e) =>
        side.changedEdges.has(e.id) ? { ...e, className: side.key === 'after' ? 'cmp-edge-added' : 'cmp-edge-removed', zIndex: 1 } : { ...e, className: 'cmp-edge-same' },
      ),
    [side.doc, side.changedEdges, side.key],
  );
  // Clicks and Enter on a focused node arrive as selection changes; the selection itself is the screen's.
  const onNodesChange = useCallback(
    (changes: NodeChange<CompareFlowNode>[]) => {
      const sizes = changes.filter((c) => c.type === 'dimensions');
      if (sizes.length) setMeasuredNodes((prev) => applyNodeChanges(sizes, prev));
      const picked = changes.find((c) => c.type === 'select' && c.selected);
      if (picked && 'id' in picked) onSelect(picked.id);
      else if (changes.some((c) => c.type === 'select' && !c.selected && c.id === selected)) onSelect(null);
    },
    [onSelect, selected],
  );
  return (
    <section className={`cmp-pane cmp-pane-${side.key}`} data-side={side.key} aria-label={t('canvas', { side: side.title })}>
      <header className="cmp-pane-head">
        <strong>{side.title}</strong>
        {side.meta && <span className="muted">{side.meta}</span>}
      </header>
      <ReactFlow<CompareFlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        viewport={viewport}
        onViewportChange={onViewport}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        elementsSelectable
        deleteKeyCode={null}
        multiSelectionKeyCode={null}
        selectionKeyCode={null}
        minZoom={0.2}
        maxZoom={2}
        defaultEdgeOptions={{ type: 'smoothstep' }}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cbd5e1" />
        <ReportBounds side={side.key} onMeasured={onMeasured} empty={side.doc.nodes.length === 0} />
        {side.key === 'after' && (
          <Controls showInteractive={false} showFitView={false}>
            <ControlButton onClick={onFit} title={t('fit')} aria-label={t('fit')} className="react-flow__controls-fitview">
              <svg viewBox="0 0 32 30" aria-hidden="true">
                <path d="M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631zM27.354 0h-5.2v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0027.354 0zm.954 24.83c0 .532-.4.94-.939.94h-5.215v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707v-5.139h-3.692v5.139zm-23.677.94c-.531 0-.939-.4-.939-.94v-5.138H0v5.139c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z" />
              </svg>
            </ControlButton>
          </Controls>
        )}
      </ReactFlow>
    </section>
  );
}

/** Tells the screen where this pane's nodes lie once React Flow has measured them, and how big the pane is. */
function ReportBounds({ side, empty, onMeasured }: { side: CompareSide['key']; empty: boolean; onMeasured(key: CompareSide['key'], bounds: Rect | null, width: number, height: number): void }) {
  const initialized = useNodesInitialized();
  const flow = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  useEffect(() => {
    if (!width || !height) return;
    if (empty) onMeasured(side, null, width, height);
    else if (initialized) onMeasured(side, flow.getNodesBounds(flow.getNodes()), width, height);
  }, [initialized, empty, width, height, side, flow, onMeasured]);
  return null;
}

function union(rects: Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}
