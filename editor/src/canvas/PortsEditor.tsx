import type { ScenarioNode } from '../../../shared/scenario/schema';
import { connectRefusal } from '../document/graph';
import { nodePorts, nodeTitle, portLabel } from '../document/ports';
import { useEditor } from '../store/editor';
import { useT } from '../i18n';

/**
 * Where each output port leads, as form fields: connecting and disconnecting without a mouse. Targets that the
 * canvas would refuse (a cycle, the trigger) are listed but disabled.
 */
export function PortsEditor({ node }: { node: ScenarioNode }) {
  const { t, lang } = useT();
  const doc = useEditor((s) => s.doc);
  const readOnly = useEditor((s) => s.readOnly);
  const ports = nodePorts(node);
  if (ports.length === 0) return null;
  const setTarget = (port: string, to: string) => {
    const state = useEditor.getState();
    const current = state.doc.edges.find((e) => e.from === node.id && e.port === port);
    state.change((d) => {
      const edges = d.edges.filter((e) => e !== current);
      return to ? { ...d, edges: [...edges, { from: node.id, port, to }] } : { ...d, edges };
    });
  };
  return (
    <div className="ports-editor">
      <h4>{t('panel.ports')}</h4>
      {ports.map((port) => {
        const current = doc.edges.find((e) => e.from === node.id && e.port === port);
        const others = { ...doc, edges: doc.edges.filter((e) => e !== current) };
        const label = portLabel(node, port, lang) || t('panel.portNext');
        return (
          <label key={port} className="port-row">
            <span className="port-name">{label}</span>
            <select disabled={readOnly} value={current?.to ?? ''} onChange={(e) => setTarget(port, e.target.value)} aria-label={t('panel.portTarget', { port: label })}>
              <option value="">{t('panel.portNone')}</option>
              {doc.nodes
                .filter((n) => n.id !== node.id)
                .map((n) => (
                  <option key={n.id} value={n.id} disabled={n.id !== current?.to && connectRefusal(others, { from: node.id, port, to: n.id }) !== null}>
                    {nodeTitle(n, lang)} · {n.id}
                  </option>
                ))}
            </select>
          </label>
        );
      })}
    </div>
  );
}
