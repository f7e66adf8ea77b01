import { useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useStore } from 'zustand';
import { getScenario, publishScenario, scenarioAction, type ScenarioDraft } from '../api/scenarios';
import { LangSwitch } from '../ui/LangSwitch';
import { withPositions } from '../document/layout';
import type { ProblemsView } from '../document/problems';
import { downloadScenario, parseScenarioFile } from '../document/importExport';
import { useT } from '../i18n';
import { navigate } from '../router';
import { clearBackup, saveNow } from '../store/autosave';
import { redo, undo, useEditor } from '../store/editor';
import { toast } from '../ui/toast';
import { useReadableFit } from '../canvas/fit';
import { SaveIndicator } from './SaveIndicator';
import { AudienceSummary } from './audience/AudienceSummary';
import { MovesButton } from '../moves/MovesButton';
import { ScenarioNotices } from './ScenarioNotices';

/** What the top bar shows of the scenario and changes when it publishes, pauses or resumes it. */
export type ScenarioMeta = Pick<ScenarioDraft, 'status' | 'currentVersion' | 'hasUnpublishedChanges'>;

/** Name, status and save state; undo, layout, import and export; publish, pause and resume; and the banners under them. */
export function EditorTopBar({ id, version, meta, setMeta, problems, onPublished }: { id: string; version?: number; meta: ScenarioMeta; setMeta(m: ScenarioMeta): void; problems: ProblemsView; onPublished(): void }) {
  const { t } = useT();
  const doc = useEditor((s) => s.doc);
  const readOnly = useEditor((s) => s.readOnly);
  const saveState = useEditor((s) => s.saveState);
  const pastCount = useStore(useEditor.temporal, (s) => s.pastStates.length);
  const futureCount = useStore(useEditor.temporal, (s) => s.futureStates.length);
  const [publishing, setPublishing] = useState(false);
  // Counts publishes from this screen: the move planner opens after one when customers are inside older versions.
  const [published, setPublished] = useState(0);
  const fileRef = useRef<HTMLInputElement>(null);
  const flow = useReactFlow();
  const fit = useReadableFit();

  const refreshMeta = async () => {
    const fresh = await getScenario(id);
    setMeta({ status: fresh.status, currentVersion: fresh.currentVersion, hasUnpublishedChanges: fresh.hasUnpublishedChanges });
  };

  const publishBlocked =
    problems.errors > 0
      ? t('editor.publishBlocked', { n: problems.errors })
      : saveState !== 'saved'
        ? t('editor.publishUnsaved')
        : !meta.hasUnpublishedChanges && meta.currentVersion
          ? t('editor.nothingToPublish', { v: meta.currentVersion })
          : null;

  const publish = async () => {
    setPublishing(true);
    try {
      await saveNow();
      const { version: v } = await publishScenario(id, useEditor.getState().revision);
      toast(t('editor.published', { v }), 'success');
      await refreshMeta();
      setPublished((n) => n + 1);
      onPublished();
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setPublishing(false);
    }
  };

  const setStatus = async (action: 'pause' | 'resume') => {
    try {
      await scenarioAction(id, action);
      await refreshMeta();
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), 'error');
    }
  };

  const importFile = async (file: File) => {
    const parsed = parseScenarioFile(await file.text());
    if (!parsed) return toast(t('editor.importInvalid'), 'error');
    useEditor.getState().change(() => withPositions(parsed));
    toast(t('editor.importReplaced'), 'info');
    requestAnimationFrame(() => fit({ duration: 200 }));
  };

  const resolveConflict = async (mine: boolean) => {
    const fresh = await getScenario(id);
    if (mine) {
      useEditor.setState({ revision: fresh.draftRevision, saveState: 'unsaved' });
      await saveNow(true);
    } else {
      clearBackup(id);
      useEditor.getState().load({ scenarioId: id, doc: withPositions(fresh.document), revision: fresh.draftRevision });
    }
  };

  const autoLayout = () => {
    const sizes = new Map(flow.getNodes().map((n) => [n.id, { width: n.measured?.width ?? 248, height: n.measured?.height ?? 92 }]));
    useEditor.getState().autoLayout(sizes);
    requestAnimationFrame(() => fit({ duration: 200 }));
  };

  return (
    <>
      <header className="topbar editor-bar">
        <button type="button" className="btn-ghost" onClick={() => navigate({ name: 'list' })}>
          ← {t('editor.back')}
        </button>
        <input
          className="name-input"
          aria-label={t('editor.name')}
          value={doc.name}
          readOnly={readOnly}
          onChange={(e) => useEditor.getState().change((d) => ({ ...d, name: e.target.value }), 'name')}
        />
        <span className={`status status-${meta.status}`}>{t(`status.${meta.status}`)}</span>
        {meta.currentVersion && <span className="chip static">v{meta.currentVersion}</span>}
        {meta.currentVersion && (
          <button type="button" className="btn-ghost small" onClick={() => navigate({ name: 'report', id })}>
            {t('report.open')}
          </button>
        )}
        {!readOnly && meta.currentVersion !== null && <MovesButton scenarioId={id} currentVersion={meta.currentVersion} published={published} />}
        {!readOnly && <SaveIndicator />}
        <AudienceSummary />
        <span className="spacer" />
        <div className="toolbar" role="toolbar" aria-label={t('editor.toolbar')}>
          <button type="button" className="icon-btn" aria-label={t('editor.undo')} title={t('editor.undo')} disabled={readOnly || pastCount === 0} onClick={undo}>
            ↶
          </button>
          <button type="button" className="icon-btn" aria-label={t('editor.redo')} title={t('editor.redo')} disabled={readOnly || futureCount === 0} onClick={redo}>
            ↷
          </button>
          <button type="button" className="btn-ghost" disabled={readOnly} onClick={autoLayout}>
            {t('editor.layout')}
          </button>
          <button type="button" className="btn-ghost" onClick={() => fit({ duration: 200 })}>
            {t('editor.fit')}
          </button>
          <button type="button" className="btn-ghost" onClick={() => downloadScenario(useEditor.getState().doc)}>
            {t('editor.export')}
          </button>
          {!readOnly && (
            <>
              <button type="button" className="btn-ghost" onClick={() => fileRef.current?.click()}>
                {t('editor.import')}
              </button>
              <input ref={fileRef} type="file" accept="application/json,.json" hidden data-testid="editor-import" onChange={(e) => {
                if (e.target.files?.[0]) void importFile(e.target.files[0]);
                e.target.value = '';
              }} />
            </>
          )}
        </div>
        <LangSwitch />
        {!readOnly && meta.status === 'active' && (
          <button type="button" className="btn-secondary" onClick={() => void setStatus('pause')}>
            {t('editor.pause')}
          </button>
        )}
        {!readOnly && meta.status === 'paused' && (
          <button type="button" className="btn-secondary" onClick={() => void setStatus('resume')}>
            {t('editor.resume')}
          </button>
        )}
        {!readOnly && meta.status !== 'archived' && (
          <span className="publish-wrap" title={publishBlocked ?? undefined}>
            <button type="button" className="btn-primary" disabled={!!publishBlocked || publishing} aria-describedby={publishBlocked ? 'publish-reason' : undefined} onClick={() => void publish()}>
              {t('editor.publish')}
            </button>
            {publishBlocked && (
              <span id="publish-reason" className="sr-only">
                {publishBlocked}
              </span>
            )}
          </span>
        )}
      </header>
      {readOnly && version && (
        <div className="banner banner-info">
          {t('editor.readOnly', { v: version })}{' '}
          <button type="button" className="link" onClick={() => navigate({ name: 'editor', id })}>
            {t('editor.backToDraft')}
          </button>
        </div>
      )}
      {!readOnly && meta.currentVersion !== null && <ScenarioNotices scenarioId={id} refreshKey={published} />}
      {saveState === 'conflict' && (
        <div className="banner banner-warning" role="alert">
          {t('editor.conflict')}{' '}
          <button type="button" className="btn-secondary small" onClick={() => void resolveConflict(false)}>
            {t('editor.conflictReload')}
          </button>{' '}
          <button type="button" className="btn-ghost small" onClick={() => void resolveConflict(true)}>
            {t('editor.conflictOverwrite')}
          </button>
        </div>
      )}
      {problems.errors > 0 && !readOnly && (
        <div className="publish-reason-bar" role="status">
          {t('editor.publishBlocked', { n: problems.errors })}
        </div>
      )}
    </>
  );
}
