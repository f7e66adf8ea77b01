import { useCallback, useEffect, useMemo, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { SessionUser } from '../api/auth';
import { ApiError } from '../api/http';
import { Canvas } from '../canvas/Canvas';
import type { NodeMarks } from '../document/flow';
import { withPositions } from '../document/layout';
import { nodeTitle, portLabel } from '../document/ports';
import { useT } from '../i18n';
import { formatDateTime, formatShortDateTime } from '../i18n/format';
import { navigate } from '../router';
import { useEditor } from '../store/editor';
import { toast } from '../ui/toast';
import { getRun, runAction, type RunAction, type RunDetail } from './api';
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog';
import { formatWake } from './format';
import { outcomeLabel, outcomeTone, runStatusLabel } from './labels';
import { takenPath } from './path';
import { SupportPage } from './SupportPage';

/**
 * The flight recorder of one run: the version's canvas read-only with the path taken and the current node, every
 * journaled step with its reason, the next wake-up, and the actions support may take on a live run.
 */
export function RunScreen({ user, onLogout, id }: { user: SessionUser; onLogout(): void; id: string }) {
  const { t, lang } = useT();
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const canAct = user.role === 'admin' || user.role === 'support';

  const reload = useCallback(() => {
    getRun(id)
      .then((d) => {
        useEditor.getState().load({ scenarioId: d.run.scenarioId, doc: withPositions(d.document), revision: null, readOnly: true });
        setDetail(d);
        setError(null);
      })
      .catch((e) => setError(e instanceof ApiError && e.status === 404 ? t('support.run.notFound') : e instanceof Error ? e.message : String(e)));
  }, [id, t]);
  useEffect(reload, [reload]);

  const doc = detail?.document;
  const path = useMemo(() => (doc && detail ? takenPath(doc, detail.path, detail.currentNodeId) : null), [doc, detail]);
  const marks = useMemo<Record<string, NodeMarks>>(() => {
    const m: Record<string, NodeMarks> = {};
    if (!doc || !path) return m;
    for (const n of doc.nodes) m[n.id] = path.nodes.has(n.id) ? { highlighted: true } : { dimmed: true };
    return m;
  }, [doc, path]);
  const edges = useMemo(() => path?.edges ?? new Set<string>(), [path]);

  if (error || !detail || !doc)
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
  const nodeName = (nodeId: string | null) => {
    const node = nodeId ? doc.nodes.find((n) => n.id === nodeId) : undefined;
    return node ? nodeTitle(node, lang) : (nodeId ?? t('common.none'));
  };

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
          {run.scenarioName} <span className="muted">v{run.version}</span>
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
        <div className="run-canvas" data-current={detail.currentNodeId ?? ''}>
          {detail.currentNodeId && <style>{`.run-canvas .react-flow__node[data-id="${CSS.escape(detail.currentNodeId)}"] .scn-node { box-shadow: 0 0 0 3px #f59e0b, 0 6px 18px rgba(245, 158, 11, 0.35); } .run-canvas .react-flow__node[data-id="${CSS.escape(detail.currentNodeId)}"]::after { content: '${t('support.run.hereNow')}'; }`}</style>}
          <ReactFlowProvider key={run.id}>
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
          <ol className="run-timeline" data-testid="run-timeline">
            {detail.steps.map((s) => {
              const node = doc.nodes.find((n) => n.id === s.nodeId);
              const port = node && s.port ? portLabel(node, s.port, lang) : '';
              return (
                <li key={s.id} className={`tone-${outcomeTone(s.outcome)}`}>
                  <time dateTime={s.at} title={formatDateTime(s.at, detail.timezone)}>
                    {formatShortDateTime(s.at, detail.timezone)}
                  </time>
                  <div>
                    <span className="tl-title">{nodeName(s.nodeId)}</span> <span className={`outcome tone-${outcomeTone(s.outcome)}`}>{outcomeLabel(t, s.outcome)}</span>
                    {port && <span className="muted small"> → {port}</span>}
                    {s.reason && <div className="tl-body">{s.reason}</div>}
                  </div>
                </li>
              );
            })}
            {live && detail.nextWakeAt && (
              <li className="tone-next">
                <time dateTime={detail.nextWakeAt} title={formatDateTime(detail.nextWakeAt, detail.timezone)}>
                  {formatShortDateTime(detail.nextWakeAt, detail.timezone)}
                </time>
                <div>
                  <span className="tl-title">{t('support.run.wakesUp')}</span>
                </div>
              </li>
            )}
          </ol>
        </aside>
      </div>
      {confirm && <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />}
    </SupportPage>
  );
}
