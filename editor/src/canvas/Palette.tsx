import { isTrigger, NODE_SPECS, NODE_TYPES, type NodeType } from '../../../shared/scenario/schema';
import { useReactFlow } from '@xyflow/react';
import { CATEGORY_LABEL, CATEGORY_ORDER, NODE_CATEGORY } from '../nodes/categories';
import { NodeIcon } from '../nodes/icons';
import { nodePorts, nodeTitle } from '../document/ports';
import { triggerOf } from '../document/trigger';
import { useTriggerT } from '../nodes/forms/triggerTexts';
import { toast } from '../ui/toast';
import '../nodes/forms/trigger.css';
import { useEditor } from '../store/editor';
import { useT } from '../i18n';

export const PALETTE_MIME = 'application/x-comeback-node';

/** Every node type with its icon and one-line hint; drag onto the canvas, or press Enter to add after the selection. */
export function Palette() {
  const { t, lang } = useT();
  const readOnly = useEditor((s) => s.readOnly);
  const trigger = useEditor((s) => triggerOf(s.doc));
  const triggerT = useTriggerT().t;
  const flow = useReactFlow();
  // A scenario has one trigger: the others are shown but refused, with the way out in the tooltip.
  const oneTrigger = trigger ? triggerT('oneTrigger', { name: nodeTitle(trigger, lang) }) : null;

  const addAfterSelection = (type: NodeType) => {
    const state = useEditor.getState();
    const after = state.selection.length === 1 ? state.doc.nodes.find((n) => n.id === state.selection[0]) : undefined;
    const freePort = after && nodePorts(after).find((p) => !state.doc.edges.some((e) => e.from === after.id && e.port === p));
    let position: { x: number; y: number };
    if (after?.position) position = { x: after.position.x, y: after.position.y + 150 };
    else {
      const el = document.querySelector('.react-flow');
      const r = el?.getBoundingClientRect();
      position = r ? flow.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 }) : { x: 0, y: 0 };
    }
    const id = state.addNode(type, position);
    if (after && freePort) state.connect({ from: after.id, port: freePort, to: id });
    state.focusNode(id);
  };

  return (
    <aside className="palette" aria-label={t('palette.title')}>
      <h2 className="panel-title">{t('palette.title')}</h2>
      <p className="palette-hint">{t('palette.hint')}</p>
      {CATEGORY_ORDER.map((category) => {
        const types = NODE_TYPES.filter((type) => NODE_CATEGORY[type] === category);
        return (
          <section key={category} className="palette-group">
            <h3>{t(CATEGORY_LABEL[category])}</h3>
            {types.map((type) => {
              const spec = NODE_SPECS[type];
              const refused = isTrigger(type) && oneTrigger !== null;
              return (
                <button
                  key={type}
                  type="button"
                  className={`palette-item cat-${category}${refused ? ' is-refused' : ''}`}
                  draggable={!readOnly && !refused}
                  disabled={readOnly}
                  aria-disabled={refused || undefined}
                  data-node-type={type}
                  aria-label={t('palette.add', { name: spec.label[lang] })}
                  title={refused ? oneTrigger! : spec.hint[lang]}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(PALETTE_MIME, type);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onClick={() => (refused ? toast(oneTrigger!, 'warning') : addAfterSelection(type))}
                >
                  <span className="palette-icon">
                    <NodeIcon type={type} />
                  </span>
                  <span className="palette-text">
                    <span className="palette-label">{spec.label[lang]}</span>
                    <span className="palette-desc">{spec.hint[lang]}</span>
                  </span>
                </button>
              );
            })}
          </section>
        );
      })}
    </aside>
  );
}
