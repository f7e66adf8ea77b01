import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { SessionUser } from '../api/auth';
import { ApiError } from '../api/http';
import { Canvas } from '../canvas/Canvas';
import type { NodeMarks } from '../document/flow';
import { withPositions } from '../document/layout';
import { nodeTitle } from '../document/ports';
import { useT } from '../i18n';
import { formatDateTime, formatShortDateTime } from '../i18n/format';
import { navigate } from '../router';
import { useEditor } from '../store/editor';
import { toast } from '../ui/toast';
import { getRun, runAction, type RunAction, type RunDetail } from './api';
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog';
import { formatVersions, formatWake } from './format';
import { runStatusLabel } from './labels';
import { runLegs, takenPath, type RunLeg } from './path';
import { RunTimeline } from './RunTimeline';
import { SupportPage } from './SupportPage';

/** The leg to draw: the version support picked, else the one the run executes now. */
const legToShow = (legs: RunLeg[], chosen: number | null): RunLeg | undefined => legs.find((l) => l.version === chosen) ?? legs.at(-1);

const loadCanvas = (scenarioId: string, leg: RunLeg | undefined) => {
  if (leg) useEditor.getState().load({ scenarioId, doc: withPositions(leg.document), revision: null, readOnly: true });
};

/** A badge over a node of the canvas (the node views are React Flow's, so it is drawn with CSS). */
const badge = (nodeId: string, text: string, colour: string) =>
  `.run-canvas .react-flow__node[data-id="${CSS.escape(nodeId)}"]::after { content: ${JSON.stringify(text)}; background: ${colour}; }`;

/**
 * The flight recorder of one run: the version's canvas read-only with the path taken and the current node, every
 * journaled step with its reason, the next wake-up, and the actions support may take on a live run. A run that a
 * move plan took to a newer version has a canvas per version, "v1 → v2": the old one with the path up to the move,
 * the new one from the move on.
 */
export function RunScreen({ user, onLogout, id }: { user: SessionUser; onLogout(): void; id: string }) {
  const { t, lang } = useT();
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  // The version whose canvas support picked (null: the current one); a ref too, for reloads after an action.
  const [chosen, setChosen] = useState<number | null>(null);
  const chosenRef = useRef<number | null>(null);
  const canAct = user.role === 'admin' || user.role === 'support';

  const reload = useCallback(() => {
    getRun(id)
      .then((d) => {
        loadCanvas(d.run.scenarioId, legToShow(runLegs(d), chosenRef.current));
        setDetail(d);
        setError(null);
      })
      .catch((e) => setError(e instanceof ApiError && e.status === 404 ? t('support.run.notFound') : e instanceof Error ? e.message : String(e)));
  }, [id, t]);
  useEffect(reload, [reload]);

  const legs = useMemo(() => (detail ? runLegs(detail) : []), [detail]);
  const leg = legToShow(legs, chosen);
  const show = (version: number) => {
    if (!detail || version === leg?.version) return;
    chosenRef.current = version;
    loadCanvas(detail.run.scenarioId, legToShow(legs, version));
    setChosen(version);
  };

  const doc = leg?.document;
  const path = useMemo(() => (leg ? takenPath(leg.document, leg.path, leg.currentNodeId) : null), [leg]);
  const marks = useMemo<Record<string, NodeMarks>>(() => {
    const m: Record<string, NodeMarks> = {};
    if (!doc || !path) return m;
    for (const n of doc.nodes) m[n.id] = path.nodes.has(n.id) ? { highlighted: true } : { dimmed: true };
    return m;
  }, [doc, path]);
  const edges = useMemo(() => path?.edges ?? new Set<string>(), [path]);

  if (error || !detail || !leg || !doc)
    return (
      <SupportPage user={user} onLogout={onLogout}>
        {error ? (
          <div className="empty-state" role="alert">
            {error}
          </div>
        ) : (
          <div className="muted">{t('support.loading')}</div>
        )}
      </SupportPage>
    );

  const { run } = detail;
  const live = run.status === 'running';
  const moved = legs.length > 1;
  const current = legs[legs.length - 1];
  /** A node of the version the run executes now (current node, wait to skip). */
  const nodeName = (nodeId: string | null) => {
    const node = nodeId ? current.document.nodes.find((n) => n.id === nodeId) : undefined;
    return node ? nodeTitle(node, lang) : (nodeId ?? t('common.none'));
  };
  const at = (iso: string) => formatShortDateTime(iso, detail.timezone);
  // Where the run is now, where it left this version and where it arrived on it; the current node wins a tie.
  const badges = [
    leg.arrived?.toNodeId && badge(leg.arrived.toNodeId, t('support.run.badgeMovedFrom', { v: leg.arrived.fromVersion }), '#7c3aed'),
    leg.left && badge(leg.left.fromNodeId, t('support.run.badgeMovedTo', { v: leg.left.toVersion }), '#7c3aed'),
    leg.currentNodeId && badge(leg.currentNodeId, t('support.run.hereNow'), '#f59e0b'),
  ].filter(Boolean);

  const act = (action: RunAction) => {
    const texts = {
      exit: { title: t('support.run.exitTitle'), text: t('support.run.exitText'), confirm: t('support.run.exit'), danger: true, withReason: true },
      convert: { title: t('support.run.convertTitle'), text: t('support.run.convertText'), confirm: t('support.run.convert'), withReason: true },
      'skip-wait': { title: t('support.run.skipTitle'), text: t('support.run.skipText', { node: nodeName(detail.currentNodeId) }), confirm: t('support.run.skip') },
    }[action];
    setConfirm({
      ...texts,
      onConfirm: async (reason) => {
        try {
          const { run: after } = await runAction(run.id, action, reason || undefined);
          // Exit and convert end the run; still running means the worker has not picked the signal up yet.
          if (action !== 'skip-wait' && after.status === 'running') toast(t('support.run.pending'), 'info');
          else toast(t(`support.run.done.${action}`), 'success');
        } catch (e) {
          toast(e instanceof Error ? e.message : String(e), 'error');
        }
        // A skipped wait moves the run on within moments; show where it went.
        if (action === 'skip-wait') setTimeout(reload, 700);
        reload();
      },
    });
  };

  return (
    <SupportPage user={user} onLogout={onLogout} wide>
      <div className="run-bar">
        {canAct ? (
          <a
            href={`/customers/${encodeURIComponent(run.customerId)}`}
            className="desk-back"
            onClick={(e) => {
              e.preventDefault();
              navigate({ name: 'customer', id: run.customerId });
            }}
          >
            ← {run.customerName || run.customerId}
          </a>
        ) : (
          <a
            href={`/scenarios/${encodeURIComponent(run.scenarioId)}/runs`}
            className="desk-back"
            onClick={(e) => {
              e.preventDefault();
              navigate({ name: 'runs', scenarioId: run.scenarioId });
            }}
          >
            ← {t('support.runs.title')}
          </a>
        )}
        <h1>
          {run.scenarioName} <span className="muted">{formatVersions(run)}</span>
        </h1>
        <span className={`status run-${run.status}`} data-testid="run-status">
          {runStatusLabel(t, run.status)}
        </span>
        {run.variant && <span className="pill pill-muted">{t('support.run.variant', { v: run.variant })}</span>}
        <span className="spacer" />
        {detail.temporalUrl && (
          <a className="btn-ghost" href={detail.temporalUrl} target="_blank" rel="noreferrer">
            {t('support.run.temporal')} ↗
          </a>
        )}
        {canAct && live && (
          <>
            <button type="button" className="btn-secondary" disabled={!detail.nextWakeAt} title={detail.nextWakeAt ? undefined : t('support.run.noWait')} onClick={() => act('skip-wait')}>
              {t('support.run.skip')}
            </button>
            <button type="button" className="btn-secondary" onClick={() => act('convert')}>
              {t('support.run.convert')}
            </button>
            <button type="button" className="btn-primary btn-danger" onClick={() => act('exit')}>
              {t('support.run.exit')}
            </button>
          </>
        )}
      </div>

      <div className="run-body">
        <div className="run-canvas" data-current={leg.currentNodeId ?? ''} data-version={leg.version}>
          {leg.currentNodeId && <style>{`.run-canvas .react-flow__node[data-id="${CSS.escape(leg.currentNodeId)}"] .scn-node { box-shadow: 0 0 0 3px #f59e0b, 0 6px 18px rgba(245, 158, 11, 0.35); }`}</style>}
          {badges.length > 0 && <style>{badges.join('\n')}</style>}
          {moved && (
            <div className="run-versions" role="group" aria-label={t('support.run.versionsAria')} data-testid="run-versions">
              {legs.map((l, i) => (
                <span key={l.version} className="run-version-step">
                  {i > 0 && <span className="run-version-arrow">→</span>}
                  <button type="button" className={l.version === leg.version ? 'active' : undefined} aria-pressed={l.version === leg.version} onClick={() => show(l.version)}>
                    <strong>v{l.version}</strong>
                    <span className="muted small">{l.left ? t('support.run.until', { at: at(l.left.at) }) : l.arrived ? t('support.run.since', { at: at(l.arrived.at) }) : ''}</span>
                  </button>
                </span>
              ))}
            </div>
          )}
          <ReactFlowProvider key={`${run.id}:${leg.version}`}>
            <Canvas marks={marks} highlightedEdges={edges} />
          </ReactFlowProvider>
        </div>
        <aside className="run-side">
          <dl className="desk-facts run-facts">
            <dt>{t('support.run.entered')}</dt>
            <dd>{formatDateTime(run.enteredAt, detail.timezone)}</dd>
            {live ? (
              <>
                <dt>{t('support.run.current')}</dt>
                <dd data-testid="run-current">{nodeName(detail.currentNodeId)}</dd>
                <dt>{t('support.run.nextWake')}</dt>
                <dd data-testid="run-next-wake">{detail.nextWakeAt ? formatWake(detail.nextWakeAt, new Date(), lang, detail.timezone) : t('support.run.noWake')}</dd>
              </>
            ) : (
              <>
                <dt>{t('support.run.ended')}</dt>
                <dd>{run.endedAt ? formatDateTime(run.endedAt, detail.timezone) : t('common.none')}</dd>
                <dt>{t('support.run.endReason')}</dt>
                <dd>{run.endReason ?? t('common.none')}</dd>
              </>
            )}
            <dt>{t('support.run.customer')}</dt>
            <dd>
              {run.customerName || run.customerId} <span className="muted">· ID {run.customerId}</span>
            </dd>
          </dl>
          <p className="muted small">{detail.source === 'workflow' ? t('support.run.sourceWorkflow', { tz: detail.timezone }) : t('support.run.sourceTable', { tz: detail.timezone })}</p>
          <h2>{t('support.run.timeline')}</h2>
          <RunTimeline detail={detail} shownVersion={leg.version} onShowVersion={show} />
        </aside>
      </div>
      {confirm && <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />}
    </SupportPage>
  );
}
