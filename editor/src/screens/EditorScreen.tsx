import { useEffect, useMemo, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { SessionUser } from '../api/auth';
import { ApiError } from '../api/http';
import { getScenario, getVersion } from '../api/scenarios';
import { Canvas } from '../canvas/Canvas';
import { Palette } from '../canvas/Palette';
import type { NodeMarks } from '../document/flow';
import { withPositions } from '../document/layout';
import { marksFor, useProblems } from '../document/problems';
import { useT } from '../i18n';
import { navigate, useRoute } from '../router';
import { clearBackup, readBackup, saveNow, useAutosave } from '../store/autosave';
import { useEditor } from '../store/editor';
import { useShortcuts } from '../store/shortcuts';
import { runPath } from '../simulate/path';
import { useSimulation } from '../simulate/store';
import { CompareScreen } from '../versions/CompareScreen';
import { toast } from '../ui/toast';
import { useAudienceFeed } from './audience/store';
import { EditorTopBar, type ScenarioMeta } from './EditorTopBar';
import { SidePanel, type SideTab } from './SidePanel';

export function EditorScreen(props: { id: string; version?: number; user: SessionUser }) {
  return (
    <ReactFlowProvider>
      <EditorLoader {...props} />
    </ReactFlowProvider>
  );
}

function EditorLoader({ id, version, user }: { id: string; version?: number; user: SessionUser }) {
  const { t } = useT();
  const [meta, setMeta] = useState<ScenarioMeta | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canEdit = user.role === 'admin' || user.role === 'marketer';
  const route = useRoute((s) => s.route);
  const compare = route.name === 'editor' ? route.compare : undefined;

  useEffect(() => {
    let cancelled = false;
    useSimulation.getState().set({ result: null, shownCustomer: null, real: [] });
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
        if (canEdit && backup && backup.baseRevision === draft.draftRevision && JSON.stringify(backup.document) !== savedJson) {
          useEditor.getState().load({ scenarioId: id, doc: backup.document, revision: draft.draftRevision, savedJson });
          toast(t('editor.restored'), 'info');
          void saveNow();
        } else {
          if (backup) clearBackup(id);
          useEditor.getState().load({ scenarioId: id, doc, revision: draft.draftRevision, readOnly: !canEdit, savedJson });
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
  // Comparing versions takes the editor's place; the draft stays loaded in the store for the way back.
  if (compare) return <CompareScreen id={id} from={compare.from} to={compare.to} />;
  return <Editor id={id} version={version} meta={meta} setMeta={setMeta} canEditPrices={user.role === 'admin'} />;
}

function Editor({ id, version, meta, setMeta, canEditPrices }: { id: string; version?: number; meta: ScenarioMeta; setMeta(m: ScenarioMeta): void; canEditPrices: boolean }) {
  const doc = useEditor((s) => s.doc);
  const selection = useEditor((s) => s.selection);
  const focusRequest = useEditor((s) => s.focusRequest);
  const problems = useProblems(doc);
  const [tab, setTab] = useState<SideTab>('node');
  const [versionsKey, setVersionsKey] = useState(0);
  const sim = useSimulation();

  useAutosave();
  useShortcuts();
  useAudienceFeed(id, canEditPrices);

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

  return (
    <div className="editor">
      <EditorTopBar id={id} version={version} meta={meta} setMeta={setMeta} problems={problems} onPublished={() => setVersionsKey((k) => k + 1)} />
      <div className="editor-body">
        <Palette />
        <Canvas marks={marks} highlightedEdges={highlightedEdges} />
        <SidePanel id={id} currentVersion={meta.currentVersion} problems={problems} tab={tab} setTab={setTab} versionsKey={versionsKey} />
      </div>
    </div>
  );
}
