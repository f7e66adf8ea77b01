import type { ProblemsView } from '../document/problems';
import { NodePanel } from '../canvas/NodePanel';
import { ProblemsPanel } from '../canvas/ProblemsPanel';
import { SettingsPanel } from '../canvas/SettingsPanel';
import { SimulatePanel } from '../simulate/SimulatePanel';
import { VersionsPanel } from '../versions/VersionsPanel';
import { useEditor } from '../store/editor';
import { useT } from '../i18n';
import { AudiencePanel } from './audience/AudiencePanel';

export type SideTab = 'node' | 'problems' | 'simulate' | 'versions';

/** The right-hand panel: the selected node's form (or the scenario settings), problems, simulation, versions. */
export function SidePanel({ id, currentVersion, problems, tab, setTab, versionsKey }: { id: string; currentVersion: number | null; problems: ProblemsView; tab: SideTab; setTab(t: SideTab): void; versionsKey: number }) {
  const { t } = useT();
  const doc = useEditor((s) => s.doc);
  const selection = useEditor((s) => s.selection);
  const readOnly = useEditor((s) => s.readOnly);
  const selectedNode = selection.length === 1 ? doc.nodes.find((n) => n.id === selection[0]) : undefined;
  return (
    <aside className="side" aria-label={t('panel.side')}>
      <div className="tabs" role="tablist">
        <TabButton id="node" tab={tab} setTab={setTab} label={selectedNode ? t('panel.node') : t('editor.settings')} />
        <TabButton id="problems" tab={tab} setTab={setTab} label={t('editor.problems')} badge={problems.errors || problems.warnings || undefined} badgeTone={problems.errors ? 'error' : 'warning'} />
        <TabButton id="simulate" tab={tab} setTab={setTab} label={t('editor.simulate')} />
        <TabButton id="versions" tab={tab} setTab={setTab} label={t('editor.versions')} />
      </div>
      <div className="side-body" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'node' &&
          (selectedNode ? (
            <NodePanel key={selectedNode.id} node={selectedNode} problems={problems} />
          ) : selection.length > 1 ? (
            <div className="multi">
              <p>{t('panel.multi', { n: selection.length })}</p>
              {!readOnly && (
                <button type="button" className="btn-secondary small danger" onClick={() => useEditor.getState().deleteNodes(selection)}>
                  {t('panel.deleteSelected')}
                </button>
              )}
            </div>
          ) : (
            <>
              <p className="form-hint">{t('panel.nothing')}</p>
              <SettingsPanel />
              <AudiencePanel />
            </>
          ))}
        {tab === 'problems' && <ProblemsPanel view={problems} />}
        {tab === 'simulate' && <SimulatePanel hasErrors={problems.errors > 0} />}
        {tab === 'versions' && <VersionsPanel scenarioId={id} currentVersion={currentVersion} refreshKey={versionsKey} />}
      </div>
    </aside>
  );
}

function TabButton({ id, tab, setTab, label, badge, badgeTone }: { id: SideTab; tab: SideTab; setTab(t: SideTab): void; label: string; badge?: number; badgeTone?: 'error' | 'warning' }) {
  return (
    <button type="button" role="tab" id={`tab-${id}`} aria-controls={`panel-${id}`} aria-selected={tab === id} className={tab === id ? 'on' : ''} onClick={() => setTab(id)} data-tab={id}>
      {label}
      {badge ? <span className={`badge badge-${badgeTone}`}>{badge}</span> : null}
    </button>
  );
}

