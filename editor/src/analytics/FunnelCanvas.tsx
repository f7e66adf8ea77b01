import { useMemo } from 'react';
import { Background, BackgroundVariant, Controls, ReactFlow, ReactFlowProvider, type NodeProps } from '@xyflow/react';
import type { ScenarioDocument } from '../../../shared/scenario/schema';
import { ScenarioNodeView } from '../canvas/ScenarioNodeView';
import { toFlowEdges, toFlowNodes, type NodeMarks, type ScenarioFlowNode } from '../document/flow';
import { nodePorts, portLabel } from '../document/ports';
import { formatNumber } from '../i18n/format';
import type { FunnelNode } from './api';
import { useAnalyticsT } from './texts';

type FunnelFlowNode = ScenarioFlowNode & { data: ScenarioFlowNode['data'] & { funnel?: FunnelNode; connected?: string[] } };

/**
 * The editor's node view with the funnel's numbers pinned to its corner, so the layout's spacing still holds:
 * runs that reached it, messages sent, and ports without an edge (connected ports carry their count on the edge).
 */
function FunnelNodeView(props: NodeProps<FunnelFlowNode>) {
  const { t, lang } = useAnalyticsT();
  const { node, funnel } = props.data;
  const byPort = new Map(funnel?.ports.map((p) => [p.port, p.count]));
  const ports = nodePorts(node);
  const loose = ports.length > 1 ? ports.filter((port) => !props.data.connected?.includes(port) && (byPort.get(port) ?? 0) > 0) : [];
  return (
    <div className="fn-node" data-testid={`funnel-node-${node.id}`}>
      <ScenarioNodeView {...(props as unknown as NodeProps<ScenarioFlowNode>)} />
      <div className="fn-badge" data-testid={`funnel-reached-${node.id}`}>
        <strong>{t('reached', { n: formatNumber(funnel?.reached ?? 0) })}</strong>
        {funnel && funnel.messages.sent + funnel.messages.failed > 0 && <span> · {t('sent', { n: formatNumber(funnel.messages.sent) })}</span>}
        {loose.map((port) => (
          <span key={port}>
            {' '}
            · {portLabel(node, port, lang) || port}: {formatNumber(byPort.get(port) ?? 0)}
          </span>
        ))}
      </div>
    </div>
  );
}

const nodeTypes = { scenario: FunnelNodeView };

/** The published version's canvas, read-only, with the funnel drawn on it; nodes nobody reached are dimmed. */
export function FunnelCanvas({ document, funnel }: { document: ScenarioDocument; funnel: FunnelNode[] }) {
  const byNode = useMemo(() => new Map(funnel.map((n) => [n.nodeId, n])), [funnel]);
  const nodes = useMemo(() => {
    const marks: Record<string, NodeMarks> = {};
    for (const node of document.nodes) marks[node.id] = (byNode.get(node.id)?.reached ?? 0) > 0 ? { highlighted: true } : { dimmed: true };
    return toFlowNodes(document, marks).map((n) => ({
      ...n,
      draggable: false,
      data: { ...n.data, funnel: byNode.get(n.id), connected: document.edges.filter((e) => e.from === n.id).map((e) => e.port) },
    }));
  }, [document, byNode]);
  const edges = useMemo(() => {
    const used = new Set(document.edges.filter((e) => (byNode.get(e.from)?.ports.find((p) => p.port === e.port)?.count ?? 0) > 0).map((e) => `${e.from}:${e.port}->${e.to}`));
    return toFlowEdges(document, used).map((e) => {
      const count = byNode.get(e.source)?.ports.find((p) => p.port === e.sourceHandle)?.count ?? 0;
      return { ...e, animated: false, label: formatNumber(count), labelBgPadding: [6, 3] as [number, number], labelBgBorderRadius: 6, className: `${e.className ?? ''} fn-edge` };
    });
  }, [document, byNode]);
  return (
    <div className="fn-canvas" data-testid="funnel-canvas">
      <ReactFlowProvider>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          deleteKeyCode={null}
          fitView
          // A tall scenario opens on its beginning at a readable size rather than as a speck of the whole graph.
          fitViewOptions={{ padding: 0.1, maxZoom: 1, nodes: document.nodes.length > 6 ? document.nodes.slice(0, 5).map((n) => ({ id: n.id })) : undefined }}
          minZoom={0.2}
          // The canvas sits inside a scrolling page: the wheel scrolls the page, zoom is on the controls.
          zoomOnScroll={false}
          preventScrolling={false}
          proOptions={{ hideAttribution: true }}
        >
          <Background variant={BackgroundVariant.Dots} gap={18} size={1} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
