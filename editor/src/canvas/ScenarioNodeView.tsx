import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { isTrigger } from '../../../shared/scenario/schema';
import { NODE_CATEGORY } from '../nodes/categories';
import { NodeIcon } from '../nodes/icons';
import { nodePorts, nodeSummary, nodeTitle, portLabel } from '../document/ports';
import { TARGET_HANDLE, type ScenarioFlowNode } from '../document/flow';
import { NODE_WIDTH } from '../document/layout';
import { useT } from '../i18n';
import { useScenarioPolicyT } from '../settings/scenarioTexts';
import '../settings/scenarioPolicy.css';
import { useTimingT } from '../nodes/forms/timingTexts';
import '../nodes/forms/timing.css';

/** A small, dumb view of one scenario node: everything it shows comes from the document node and its marks. */
export const ScenarioNodeView = memo(function ScenarioNodeView({ data, selected }: NodeProps<ScenarioFlowNode>) {
  const { t, lang } = useT();
  const policyT = useScenarioPolicyT().t;
  const { node, marks } = data;
  const timingT = useTimingT().t;
  const service = (node.type === 'send' || node.type === 'reminder') && node.config.service === true;
  const atCustomerHour = (node.type === 'send' || node.type === 'reminder') && node.config.atCustomerHour === true;
  const ports = nodePorts(node);
  const title = nodeTitle(node, lang);
  const summary = nodeSummary(node, lang);
  const labelled = ports.some((p) => portLabel(node, p, lang));
  const classes = [
    'scn-node',
    labelled ? 'has-port-labels' : '',
    `cat-${NODE_CATEGORY[node.type]}`,
    selected ? 'is-selected' : '',
    marks.severity ? `has-${marks.severity}` : '',
    marks.highlighted ? 'is-highlighted' : '',
    marks.dimmed ? 'is-dimmed' : '',
  ].join(' ');
  return (
    <div
      className={classes}
      data-node-id={node.id}
      data-node-type={node.type}
      aria-label={t('canvas.node', { name: title })}
      // Room for every port label: an A/B split with five variants gets wider, not cramped.
      style={ports.length > 2 ? { width: Math.max(NODE_WIDTH, ports.length * 100) } : undefined}
    >
      {!isTrigger(node.type) && <Handle type="target" position={Position.Top} id={TARGET_HANDLE} className="scn-handle scn-handle-in" />}
      <div className="scn-node-head">
        <span className="scn-node-icon">
          <NodeIcon type={node.type} />
        </span>
        <span className="scn-node-title">{title}</span>
        {service && (
          <span className="scn-node-service" title={policyT('serviceBadgeTitle')} data-testid="service-badge">
            {policyT('serviceBadge')}
          </span>
        )}
        {atCustomerHour && (
          <span className="scn-node-hour" title={timingT('hourBadgeTitle')} data-testid="customer-hour-badge">
            {timingT('hourBadge')}
          </span>
        )}
        {marks.severity && (
          <span className={`scn-node-badge ${marks.severity}`} title={marks.severity} aria-hidden="true">
            {marks.severity === 'error' ? '!' : '?'}
          </span>
        )}
      </div>
      {summary && node.type !== 'exit' && <div className="scn-node-summary">{summary}</div>}
      {ports.length > 0 && (
        <div className="scn-node-ports">
          {ports.map((port, i) => {
            const label = portLabel(node, port, lang);
            const left = `${((i + 1) / (ports.length + 1)) * 100}%`;
            return (
              <div key={port} className={`scn-port port-${port}`} style={{ left }}>
                {label && (
                  <span className="scn-port-label" title={label}>
                    {label}
                  </span>
                )}
                <Handle type="source" position={Position.Bottom} id={port} className="scn-handle scn-handle-out" aria-label={label || port} data-port={port} />
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
});
