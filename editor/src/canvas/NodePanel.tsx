import type { ComponentType } from 'react';
import { isEventTrigger, isTrigger, NODE_SPECS, type NodeConfig, type NodeType, type ScenarioNode } from '../../../shared/scenario/schema';
import { NODE_FORMS, type NodeFormProps } from '../nodes/forms';
import { NODE_CATEGORY } from '../nodes/categories';
import { NodeIcon } from '../nodes/icons';
import type { ProblemsView } from '../document/problems';
import { useEditor } from '../store/editor';
import { Field } from '../ui/fields';
import { PortsEditor } from './PortsEditor';
import { useT } from '../i18n';
import { AudiencePanel } from '../screens/audience/AudiencePanel';
import { useAudience } from '../screens/audience/store';
import { useTriggerT } from '../nodes/forms/triggerTexts';
import '../nodes/forms/trigger.css';

/** The form of the selected node: its name on the canvas, its type's form, and its own problems. */
export function NodePanel({ node, problems }: { node: ScenarioNode; problems: ProblemsView }) {
  const { t, lang } = useT();
  const doc = useEditor((s) => s.doc);
  const readOnly = useEditor((s) => s.readOnly);
  const updateNode = useEditor((s) => s.updateNode);
  const deleteNodes = useEditor((s) => s.deleteNodes);
  const audience = useAudience((s) => s.report);
  const triggerT = useTriggerT().t;
  // The audience is defined by the trigger, the filter after it and the limit after that: their panels show its size.
  // Customers of an event trigger enter on their events, so there is no audience to count in advance.
  const byEvents = isEventTrigger(node.type);
  const showsAudience = (isTrigger(node.type) && !byEvents) || node.id === audience?.filterNodeId || node.id === audience?.frequencyLimitNodeId;
  const spec = NODE_SPECS[node.type];
  const Form = NODE_FORMS[node.type] as ComponentType<NodeFormProps<NodeType>>;
  const mine = problems.problems.filter((p) => p.nodeId === node.id || p.edge?.from === node.id);
  const onChange = (config: NodeConfig, key?: string) => updateNode(node.id, (n) => ({ ...n, config }) as ScenarioNode, key);

  return (
    <div className="node-panel" data-node-id={node.id}>
      <div className={`node-panel-head cat-${NODE_CATEGORY[node.type]}`}>
        <span className="scn-node-icon">
          <NodeIcon type={node.type} size={20} />
        </span>
        <div>
          <h2>{spec.label[lang]}</h2>
          <p>{spec.hint[lang]}</p>
        </div>
      </div>
      {mine.length > 0 && (
        <ul className="node-problems" aria-label={t('panel.problems')}>
          {mine.map((p, i) => (
            <li key={i} className={`problem-${p.severity}`}>
              {p.message[lang]}
            </li>
          ))}
        </ul>
      )}
      <fieldset disabled={readOnly} className="node-form">
        <Field label={t('panel.nodeName')}>
          {(id) => (
            <input
              id={id}
              value={node.label ?? ''}
              placeholder={spec.label[lang]}
              onChange={(e) => updateNode(node.id, (n) => ({ ...n, label: e.target.value || undefined }), 'label')}
            />
          )}
        </Field>
        <Form nodeId={node.id} config={node.config} onChange={onChange} doc={doc} />
      </fieldset>
      {showsAudience && <AudiencePanel />}
      {byEvents && (
        <p className="form-hint trigger-note" data-testid="audience-by-event">
          {triggerT('byEvent')}
        </p>
      )}
      <PortsEditor node={node} />
      <div className="node-panel-foot">
        <span className="muted">
          {t('panel.id')}: <code>{node.id}</code>
        </span>
        {!readOnly && (
          <button type="button" className="btn-ghost small danger" onClick={() => deleteNodes([node.id])}>
            {t('panel.delete')}
          </button>
        )}
      </div>
    </div>
  );
}
