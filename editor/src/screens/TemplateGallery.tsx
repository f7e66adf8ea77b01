import { useEffect, useRef } from 'react';
import { scenarioExamples } from '../../../shared/scenario/examples';
import { NODE_SPECS, TRIGGER_TYPES, type ScenarioDocument, type TriggerType } from '../../../shared/scenario/schema';
import { withPositions } from '../document/layout';
import { newNode } from '../document/defaults';
import { NODE_CATEGORY } from '../nodes/categories';
import { NodeIcon } from '../nodes/icons';
import { EMPTY_DOCUMENT } from '../store/editor';
import { useT } from '../i18n';
import { useTriggerT } from '../nodes/forms/triggerTexts';
import '../nodes/forms/trigger.css';

/** Start from the domain material: each card is one of the example documents from the seeds, or a blank canvas. */
export function TemplateGallery({ onClose, onPick }: { onClose(): void; onPick(doc: ScenarioDocument): void }) {
  const { t, lang } = useT();
  const triggerT = useTriggerT().t;
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const blank = (trigger: TriggerType = 'dailyTrigger'): ScenarioDocument => ({ ...EMPTY_DOCUMENT, nodes: [newNode(trigger, new Set(), { x: 0, y: 0 })] });
  // Templates are re-laid out for this editor's node sizes; their ids, configs and edges are kept as written.
  const fromTemplate = (doc: ScenarioDocument): ScenarioDocument => withPositions({ ...doc, nodes: doc.nodes.map(({ position: _p, ...n }) => n as typeof n & { position?: undefined }) });

  return (
    <dialog ref={dialog} className="gallery" aria-labelledby="gallery-title" onClose={onClose} onCancel={onClose}>
      <header>
        <div>
          <h2 id="gallery-title">{t('gallery.title')}</h2>
          <p className="muted">{t('gallery.subtitle')}</p>
        </div>
        <button type="button" className="icon-btn" aria-label={t('gallery.close')} onClick={() => dialog.current?.close()}>
          ✕
        </button>
      </header>
      <div className="gallery-triggers" role="group" aria-label={triggerT('galleryTriggers')}>
        <span className="muted small">{triggerT('galleryTriggers')}</span>
        {TRIGGER_TYPES.filter((type) => type !== 'dailyTrigger').map((type) => (
          <button key={type} type="button" className="btn-ghost small" data-template={`blank-${type}`} title={NODE_SPECS[type].hint[lang]} onClick={() => onPick(blank(type))}>
            <NodeIcon type={type} size={14} />
            {NODE_SPECS[type].label[lang]}
          </button>
        ))}
      </div>
      <div className="gallery-grid">
        <button type="button" className="template-card blank" onClick={() => onPick(blank())} data-template="blank">
          <span className="template-title">{t('gallery.empty')}</span>
          <span className="template-desc">{t('gallery.emptyHint')}</span>
          <span className="template-types">
            <span className="type-dot cat-trigger">
              <NodeIcon type="dailyTrigger" size={14} />
            </span>
          </span>
        </button>
        {scenarioExamples.map((ex) => (
          <button key={ex.key} type="button" className="template-card" data-template={ex.key} onClick={() => onPick(fromTemplate(ex.document))}>
            <span className="template-title">{ex.title[lang]}</span>
            <span className="template-desc">{ex.description[lang]}</span>
            <span className="template-types">
              {ex.document.nodes.map((n) => (
                <span key={n.id} className={`type-dot cat-${NODE_CATEGORY[n.type]}`} title={n.type}>
                  <NodeIcon type={n.type} size={14} />
                </span>
              ))}
              <span className="muted small">{t('gallery.nodes', { n: ex.document.nodes.length })}</span>
            </span>
          </button>
        ))}
      </div>
    </dialog>
  );
}
