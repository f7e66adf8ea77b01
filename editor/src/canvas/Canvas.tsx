import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type OnSelectionChangeParams,
} from '@xyflow/react';
import { NODE_TYPES, type NodeType } from '../../../shared/scenario/schema';
import { toFlowEdges, type NodeMarks, type ScenarioFlowEdge, type ScenarioFlowNode } from '../document/flow';
import { connectRefusal, type ConnectRefusal } from '../document/graph';
import { CATEGORY_COLOUR, NODE_CATEGORY } from '../nodes/categories';
import { useEditor } from '../store/editor';
import { useT } from '../i18n';
import { ScenarioNodeView } from './ScenarioNodeView';
import { reconcileNodes } from './reconcile';
import { useReadableFit } from './fit';
import { PALETTE_MIME } from './Palette';
import { toast } from '../ui/toast';

const nodeTypes = { scenario: ScenarioNodeView };

export interface CanvasProps {
  marks: Record<string, NodeMarks>;
  highlightedEdges: ReadonlySet<string>;
}

export function Canvas({ marks, highlightedEdges }: CanvasProps) {
  const { t } = useT();
  const doc = useEditor((s) => s.doc);
  const selection = useEditor((s) => s.selection);
  const readOnly = useEditor((s) => s.readOnly);
  const focusRequest = useEditor((s) => s.focusRequest);
  const flow = useReactFlow<ScenarioFlowNode, ScenarioFlowEdge>();
  const [nodes, setNodes] = useState<ScenarioFlowNode[]>([]);
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  // The edge a palette node would be inserted into if dropped now.
  const [dropEdge, setDropEdge] = useState<string | null>(null);
  const lastRefusal = useRef<ConnectRefusal | null>(null);
  const selectedSet = useMemo(() => new Set(selection), [selection]);
  const fit = useReadableFit();
  const measured = useNodesInitialized();
  const fitted = useRef(false);
  // Fit once the nodes have their real sizes: a scenario opens readable, from its top when it does not fit.
  useEffect(() => {
    if (measured && !fitted.current) {
      fitted.current = true;
      fit();
    }
  }, [measured, fit]);

  useEffect(() => {
    setNodes((prev) => reconcileNodes(prev, doc, marks, selectedSet));
  }, [doc, marks, selectedSet]);

  const edges = useMemo(() => {
    const flowEdges = toFlowEdges(doc, highlightedEdges, selectedEdges);
    return dropEdge ? flowEdges.map((e) => (e.id === dropEdge ? { ...e, className: 'edge-drop-target' } : e)) : flowEdges;
  }, [doc, highlightedEdges, selectedEdges, dropEdge]);

  useEffect(() => {
    if (!focusRequest) return;
    const node = flow.getNode(focusRequest.nodeId);
    if (!node) return;
    const w = node.measured?.width ?? 240;
    const h = node.measured?.height ?? 90;
    void flow.setCenter(node.position.x + w / 2, node.position.y + h / 2, { zoom: Math.max(flow.getZoom(), 1), duration: 300 });
  }, [focusRequest, flow]);

  const onNodesChange = useCallback((changes: NodeChange<ScenarioFlowNode>[]) => {
    // Removals go through the document (onDelete); everything else (drag, measure, select) is view state.
    const local = changes.filter((c) => c.type !== 'remove');
    if (local.length) setNodes((prev) => applyChanges(prev, local));
    // A finished move (arrow keys, or the end of a drag) goes into the document; moves mid-drag stay view state.
    const keyboardMoves = changes.filter((c) => c.type === 'position' && c.position && c.dragging === false);
    if (keyboardMoves.length) {
      useEditor.getState().moveNodes(
        new Map(keyboardMoves.map((c) => [(c as { id: string }).id, { x: Math.round((c as { position: { x: number } }).position.x), y: Math.round((c as { position: { y: number } }).position.y) }])),
      );
    }
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<ScenarioFlowEdge>[]) => {
    const selects = changes.filter((c) => c.type === 'select');
    if (!selects.length) return;
    setSelectedEdges((prev) => {
      const next = new Set(prev);
      for (const c of selects) if (c.type === 'select') (c.selected ? next.add(c.id) : next.delete(c.id));
      return next;
    });
  }, []);

  const onSelectionChange = useCallback(({ nodes: picked }: OnSelectionChangeParams) => {
    useEditor.getState().select(picked.map((n) => n.id));
  }, []);

  const isValidConnection: IsValidConnection<ScenarioFlowEdge> = useCallback((c) => {
    const refusal = connectRefusal(useEditor.getState().doc, { from: c.source, port: c.sourceHandle ?? 'out', to: c.target });
    lastRefusal.current = refusal;
    return refusal === null;
  }, []);

  const onConnect = useCallback((c: Connection) => {
    lastRefusal.current = null;
    useEditor.getState().connect({ from: c.source, port: c.sourceHandle ?? 'out', to: c.target });
  }, []);

  const onConnectEnd = useCallback(
    (_: MouseEvent | TouchEvent, state: { isValid: boolean | null; toNode: unknown }) => {
      if (state.toNode && state.isValid === false && lastRefusal.current) toast(t(`canvas.refused.${lastRefusal.current}`), 'warning');
      lastRefusal.current = null;
    },
    [t],
  );

  const onNodeDragStop = useCallback((_: unknown, __: unknown, dragged: ScenarioFlowNode[]) => {
    useEditor.getState().moveNodes(new Map(dragged.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }])));
  }, []);

  const onDelete = useCallback(({ nodes: gone, edges: goneEdges }: { nodes: ScenarioFlowNode[]; edges: ScenarioFlowEdge[] }) => {
    const state = useEditor.getState();
    const nodeIds = new Set(gone.map((n) => n.id));
    const loose = goneEdges.filter((e) => !nodeIds.has(e.source) && !nodeIds.has(e.target)).map((e) => e.data!.edge);
    if (loose.length) state.disconnect(loose);
    if (nodeIds.size) state.deleteNodes([...nodeIds]);
    setSelectedEdges(new Set());
  }, []);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    const edge = edgeAtPoint(event.clientX, event.clientY);
    const id = edge ? `${edge.from}:${edge.port}->${edge.to}` : null;
    setDropEdge((cur) => (cur === id ? cur : id));
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_MIME) as NodeType;
      if (!NODE_TYPES.includes(type)) return;
      event.preventDefault();
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const into = edgeAtPoint(event.clientX, event.clientY);
      setDropEdge(null);
      // Centre the new node under the pointer.
      useEditor.getState().addNode(type, { x: Math.round(at.x - 124), y: Math.round(at.y - 36) }, into ?? undefined);
    },
    [flow],
  );

  return (
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop} onDragLeave={() => setDropEdge(null)}>
      <ReactFlow<ScenarioFlowNode, ScenarioFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onSelectionChange={onSelectionChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStop={onNodeDragStop}
        onDelete={onDelete}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        elementsSelectable
        deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionOnDrag={false}
        minZoom={0.1}
        maxZoom={2}
        onlyRenderVisibleElements={doc.nodes.length > 120}
        defaultEdgeOptions={{ type: 'smoothstep' }}
        proOptions={{ hideAttribution: true }}
        aria-label={t('canvas.aria')}
        ariaLabelConfig={{
          'controls.ariaLabel': t('canvas.controls'),
          'controls.zoomIn.ariaLabel': t('canvas.zoomIn'),
          'controls.zoomOut.ariaLabel': t('canvas.zoomOut'),
          'controls.fitView.ariaLabel': t('editor.fit'),
          'minimap.ariaLabel': t('canvas.minimap'),
          'handle.ariaLabel': t('canvas.handle'),
          'node.a11yDescription.default': t('canvas.nodeHelp'),
          'node.a11yDescription.keyboardDisabled': t('canvas.nodeHelp'),
          'node.a11yDescription.ariaLiveMessage': ({ x, y }: { direction: string; x: number; y: number }) => t('canvas.nodeMoved', { x: Math.round(x), y: Math.round(y) }),
          'edge.a11yDescription.default': t('canvas.edgeHelp'),
        }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cbd5e1" />
        <MiniMap
          pannable
          zoomable
          ariaLabel={t('canvas.minimap')}
          nodeColor={(n) => CATEGORY_COLOUR[NODE_CATEGORY[(n as ScenarioFlowNode).data.node.type]]}
          nodeStrokeWidth={0}
          maskColor="rgba(241,245,249,0.7)"
        />
        <Controls showInteractive={false} showFitView={false} aria-label={t('canvas.controls')}>
          <ControlButton onClick={() => fit({ duration: 200 })} title={t('editor.fit')} aria-label={t('editor.fit')} className="react-flow__controls-fitview">
            <svg viewBox="0 0 32 30" aria-hidden="true">
              <path d="M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631zM27.354 0h-5.2v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0027.354 0zm.954 24.83c0 .532-.4.94-.939.94h-5.215v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707v-5.139h-3.692v5.139zm-23.677.94c-.531 0-.939-.4-.939-.94v-5.138H0v5.139c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z" />
            </svg>
          </ControlButton>
        </Controls>
      </ReactFlow>
      {doc.nodes.length === 0 && <div className="canvas-empty">{t('canvas.empty')}</div>}
    </div>
  );
}

/** The trigger and the nodes nearest to it, breadth first. */
function applyChanges(nodes: ScenarioFlowNode[], changes: NodeChange<ScenarioFlowNode>[]): ScenarioFlowNode[] {
  const byId = new Map<string, NodeChange<ScenarioFlowNode>[]>();
  for (const c of changes) if ('id' in c) byId.set(c.id, [...(byId.get(c.id) ?? []), c]);
  return nodes.map((n) => {
    const mine = byId.get(n.id);
    if (!mine) return n;
    let next = n;
    for (const c of mine) {
      if (c.type === 'position' && c.position) next = { ...next, position: c.position, dragging: c.dragging };
      else if (c.type === 'dimensions' && c.dimensions) next = { ...next, measured: c.dimensions };
      else if (c.type === 'select') next = { ...next, selected: c.selected };
    }
    return next;
  });
}

/** The edge under a screen point, for dropping a palette node onto an edge to insert it there. */
function edgeAtPoint(x: number, y: number) {
  const state = useEditor.getState();
  for (const el of document.elementsFromPoint(x, y)) {
    const edgeEl = el.closest('.react-flow__edge');
    const id = edgeEl?.getAttribute('data-id');
    if (!id) continue;
    const edge = state.doc.edges.find((e) => `${e.from}:${e.port}->${e.to}` === id);
    if (edge) return edge;
  }
  return null;
}

