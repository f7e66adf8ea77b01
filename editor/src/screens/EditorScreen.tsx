import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useStore } from 'zustand';
import type { SessionUser } from '../api/auth';
import { ApiError } from '../api/http';
import { getScenario, getVersion, publishScenario, scenarioAction, type ScenarioStatus } from '../api/scenarios';
import { LangSwitch } from '../App';
import { Canvas } from '../canvas/Canvas';
import { NodePanel } from '../canvas/NodePanel';
import { Palette } from '../canvas/Palette';
import { ProblemsPanel } from '../canvas/ProblemsPanel';
import { SettingsPanel } from '../canvas/SettingsPanel';
import { withPositions } from '../document/layout';
import { marksFor, useProblems } from '../document/problems';
import { downloadScenario, parseScenarioFile } from '../document/importExport';
import { useT } from '../i18n';
import { navigate } from '../router';
import { clearBackup, readBackup, saveNow, useAutosave } from '../store/autosave';
import { redo, undo, useEditor } from '../store/editor';
import { useShortcuts } from '../store/shortcuts';
import { runPath } from '../simulate/path';
import { SimulatePanel } from '../simulate/SimulatePanel';
import { useSimulation } from '../simulate/store';
import { toast } from '../ui/toast';
import { VersionsPanel } from '../versions/VersionsPanel';
import type { NodeMarks } from '../document/flow';

type Tab = 'node' | 'problems' | 'simulate' | 'versions';

interface Meta {
  status: ScenarioStatus;
  currentVersion: number | null;
  hasUnpublishedChanges: boolean;
}

export function EditorScreen(props: { id: string; version?: number; user: SessionUser }) {
  return (
    <ReactFlowProvider>
      <EditorLoader {...props} />
    </ReactFlowProvider>
  );
}

function EditorLoader({ id, version, user }: { id: string; version?: number; user: SessionUser }) {
  const { t } = useT();
  const [meta, setMeta] = useState<Meta | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canEdit = user.role === 'admin' || user.role === 'marketer';

  useEffect(() => {
    let cancelled = false;
    useSimulation.getState().set({ result: null, shownCustomer: null });
    (async () => {
      const draft = await getScenario(id);
      if (version) {
        const doc = await getVersion(id, version);
        if (cancelled) return;
        useEditor.getState().load({ scenarioId: id, doc: withPositions(doc), revision: null, readOnly: true });
      } else {
        if (cancelled) return;
        const doc = withPositions(draft.document);
        const backup = readBackup(id);
        const savedJson = JSON.stringify(doc);
        // Work left unsaved in this browser on top of the same revision comes back; an older base is stale.
        if (canEdit && backup && backup.baseRevision === draft.revision && JSON.stringify(backup.document) !== savedJson) {
          useEditor.getState().load({ scenarioId: id, doc: backup.document, revision: draft.revision, savedJson });
          toast(t('editor.restored'), 'info');
          void saveNow();
        } else {
          if (backup) clearBackup(id);
          useEditor.getState().load({ scenarioId: id, doc, revision: draft.revision, readOnly: !canEdit, savedJson });
        }
      }
      setMeta({ status: draft.status, currentVersion: draft.currentVersion, hasUnpublishedChanges: draft.hasUnpublishedChanges });
    })().catch((e) => !cancelled && setError(e instanceof ApiError && e.status === 404 ? t('editor.notFound') : e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [id, version]);

  if (error)
    return (
      <div className="page center">
        <div className="banner banner-error" role="alert">
          {error}
        </div>
        <button type="button" className="btn-secondary" onClick={() => navigate({ name: 'list' })}>
          {t('editor.back')}
        </button>
      </div>
    );
  if (!meta) return <div className="page center muted">{t('editor.loading')}</div>;
  return <Editor id={id} version={version} meta={meta} setMeta={setMeta} />;
}

function Editor({ id, version, meta, setMeta }: { id: string; version?: number; meta: Meta; setMeta(m: Meta): void }) {
  const { t } = useT();
  const doc = useEditor((s) => s.doc);
  const selection = useEditor((s) => s.selection);
  const readOnly = useEditor((s) => s.readOnly);
  const saveState = useEditor((s) => s.saveState);
  const focusRequest = useEditor((s) => s.focusRequest);
  const pastCount = useStore(useEditor.temporal, (s) => s.pastStates.length);
  const futureCount = useStore(useEditor.temporal, (s) => s.futureStates.length);
  const problems = useProblems(doc);
  const [tab, setTab] = useState<Tab>('node');
  const [versionsKey, setVersionsKey] = useState(0);
  const [publishing, setPublishing] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const flow = useReactFlow();
  const sim = useSimulation();

  useAutosave();
  useShortcuts();

  // Any edit after loading is a change the published version does not have yet.
  useEffect(
    () =>
      useEditor.subscribe((state, prev) => {
        if (state.doc !== prev.doc && !state.readOnly && !meta.hasUnpublishedChanges) setMeta({ ...meta, hasUnpublishedChanges: true });
      }),
    [meta, setMeta],
  );

  useEffect(() => {
    if (focusRequest) setTab('node');
  }, [focusRequest]);
  // Picking a node shows its form, except while reading a simulation (its path stays on screen).
  useEffect(() => {
    if (selection.length === 1) setTab((current) => (current === 'simulate' ? current : 'node'));
  }, [selection]);

  const shownRun = sim.result?.runs.find((r) => r.customerId === sim.shownCustomer) ?? null;
  const path = useMemo(() => (shownRun && tab === 'simulate' ? runPath(doc, shownRun) : null), [shownRun, doc, tab]);
  const marks = useMemo<Record<string, NodeMarks>>(() => {
    const m = marksFor(problems, path);
    if (path) for (const n of doc.nodes) if (!path.nodes.has(n.id)) m[n.id] = { ...m[n.id], dimmed: true };
    return m;
  }, [problems, path, doc.nodes]);
  const highlightedEdges = useMemo(() => path?.edges ?? new Set<string>(), [path]);

  const selectedNode = selection.length === 1 ? doc.nodes.find((n) => n.id === selection[0]) : undefined;

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
      const fresh = await getScenario(id);
      setMeta({ status: fresh.status, currentVersion: fresh.currentVersion, hasUnpublishedChanges: fresh.hasUnpublishedChanges });
      setVersionsKey((k) => k + 1);
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setPublishing(false);
    }
  };

  const setStatus = async (action: 'pause' | 'resume') => {
    try {
      await scenarioAction(id, action);
      const fresh = await getScenario(id);
      setMeta({ status: fresh.status, currentVersion: fresh.currentVersion, hasUnpublishedChanges: fresh.hasUnpublishedChanges });
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), 'error');
    }
  };

  const importFile = async (file: File) => {
    const parsed = parseScenarioFile(await file.text());
    if (!parsed) return toast(t('editor.importInvalid'), 'error');
    useEditor.getState().change(() => withPositions(parsed));
    toast(t('editor.importReplaced'), 'info');
    requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1 }));
  };

  const resolveConflict = async (mine: boolean) => {
    const fresh = await getScenario(id);
    const s = useEditor.getState();
    if (mine) {
      useEditor.setState({ revision: fresh.revision, saveState: 'unsaved' });
      await saveNow(true);
    } else {
      clearBackup(id);
      s.load({ scenarioId: id, doc: withPositions(fresh.document), revision: fresh.revision });
    }
  };

  const autoLayout = useCallback(() => {
    const sizes = new Map(flow.getNodes().map((n) => [n.id, { width: n.measured?.width ?? 248, height: n.measured?.height ?? 92 }]));
    useEditor.getState().autoLayout(sizes);
    requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1, duration: 200 }));
  }, [flow]);

  return (
    <div className="editor">
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
        {!readOnly && <SaveIndicator />}
        <span className="spacer" />
        <div className="toolbar" role="toolbar" aria-label="Editor">
          <button type="button" className="icon-btn" aria-label={t('editor.undo')} title={t('editor.undo')} disabled={readOnly || pastCount === 0} onClick={undo}>
            ↶
          </button>
          <button type="button" className="icon-btn" aria-label={t('editor.redo')} title={t('editor.redo')} disabled={readOnly || futureCount === 0} onClick={redo}>
            ↷
          </button>
          <button type="button" className="btn-ghost" disabled={readOnly} onClick={autoLayout}>
            {t('editor.layout')}
          </button>
          <button type="button" className="btn-ghost" onClick={() => void flow.fitView({ padding: 0.2, maxZoom: 1, duration: 200 })}>
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
      <div className="editor-body">
        <Palette />
        <Canvas marks={marks} highlightedEdges={highlightedEdges} />
        <aside className="side" aria-label={t('panel.node')}>
          <div className="tabs" role="tablist">
            <TabButton id="node" tab={tab} setTab={setTab} label={selectedNode ? t('panel.node') : t('editor.settings')} />
            <TabButton id="problems" tab={tab} setTab={setTab} label={t('editor.problems')} badge={problems.errors || problems.warnings || undefined} badgeTone={problems.errors ? 'error' : 'warning'} />
            <TabButton id="simulate" tab={tab} setTab={setTab} label={t('editor.simulate')} />
            <TabButton id="versions" tab={tab} setTab={setTab} label={t('editor.versions')} />
          </div>
          <div className="side-body" role="tabpanel" aria-label={tab}>
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
                </>
              ))}
            {tab === 'problems' && <ProblemsPanel view={problems} />}
            {tab === 'simulate' && <SimulatePanel hasErrors={problems.errors > 0} />}
            {tab === 'versions' && <VersionsPanel scenarioId={id} currentVersion={meta.currentVersion} refreshKey={versionsKey} />}
          </div>
        </aside>
      </div>
    </div>
  );
}

function TabButton({ id, tab, setTab, label, badge, badgeTone }: { id: Tab; tab: Tab; setTab(t: Tab): void; label: string; badge?: number; badgeTone?: 'error' | 'warning' }) {
  return (
    <button type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'on' : ''} onClick={() => setTab(id)} data-tab={id}>
      {label}
      {badge ? <span className={`badge badge-${badgeTone}`}>{badge}</span> : null}
    </button>
  );
}

function SaveIndicator() {
  const { t } = useT();
  const state = useEditor((s) => s.saveState);
  const error = useEditor((s) => s.saveError);
  const text = {
    saved: t('editor.saved'),
    unsaved: t('editor.unsaved'),
    saving: t('editor.saving'),
    conflict: t('editor.conflict'),
    error: `${t('editor.saveError')}${error ? `: ${error}` : ''}`,
    offline: t('editor.offline'),
  }[state];
  return (
    <span className={`save-state save-${state}`} role="status" data-save-state={state} title={text}>
      <span className="dot" aria-hidden="true" />
      <span className="save-text">{state === 'conflict' ? t('editor.saveError') : text}</span>
    </span>
  );
}
