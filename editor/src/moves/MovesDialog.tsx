import { useEffect, useRef, useState } from 'react';
import { formatDateTime, formatShortDateTime } from '../i18n/format';
import { applyPlan, getPlanner, previewPlan, type MovePlanner, type MovePlanProgress, type MovePreview } from './api';
import { allowedTargets, choiceCounts, choiceOf, movedWakes, toRequest, withChoice, type Choices } from './choices';
import { PlanProgress, PreviewTable } from './MovesPreview';
import { useMovesT } from './texts';
import './moves.css';

type PlannerNode = MovePlanner['versions'][number]['nodes'][number];

/**
 * The move planner: for every earlier version that still has customers inside, each step with its customers (and
 * wake-ups), and what happens to them — stay, move to a step of the current version, or leave. The consequences
 * are counted over the real runs before the plan can be applied; then the dialog follows the runs as they move.
 */
export function MovesDialog({ scenarioId, onClose }: { scenarioId: string; onClose(changed: boolean): void }) {
  const { t, lang } = useMovesT();
  const dialog = useRef<HTMLDialogElement>(null);
  const [planner, setPlanner] = useState<MovePlanner | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [choices, setChoices] = useState<Choices>({});
  const [preview, setPreview] = useState<{ for: string; result: MovePreview } | null>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | null>(null);
  const [applied, setApplied] = useState<MovePlanProgress | null>(null);

  useEffect(() => {
    dialog.current?.showModal();
    getPlanner(scenarioId)
      .then(setPlanner)
      .catch((e) => setError(t('failed', { error: e instanceof Error ? e.message : String(e) })));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scenarioId]);

  const request = toRequest(choices);
  const key = JSON.stringify(request);
  const fresh = preview?.for === key ? preview.result : null;
  const counts = planner ? choiceCounts(planner, choices) : { moved: 0, exited: 0 };
  const nothing = counts.moved + counts.exited === 0;

  const run = async (what: 'preview' | 'apply') => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'preview') setPreview({ for: key, result: await previewPlan(scenarioId, request) });
      else setApplied(await applyPlan(scenarioId, request));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const issues = (e as { issues?: Array<{ message: string }> }).issues?.map((i) => i.message).join(' ') ?? '';
      setError(t(what === 'preview' ? 'previewFailed' : 'applyFailed', { error: `${message} ${issues}`.trim() }));
    } finally {
      setBusy(null);
    }
  };

  const close = () => dialog.current?.close();
  const to = planner?.toVersion ?? 0;
  return (
    <dialog ref={dialog} className="moves-dialog" aria-labelledby="moves-title" onClose={() => onClose(applied !== null)} onCancel={() => onClose(applied !== null)}>
      <header className="moves-head">
        <h2 id="moves-title">{t('title', { v: to })}</h2>
        <button type="button" className="icon-btn" aria-label={t('close')} onClick={close}>
          ×
        </button>
      </header>
      <div className="moves-body">
        {!planner && !error && <p className="muted">{t('loading')}</p>}
        {planner && <p className="moves-intro">{t('intro', { v: to })}</p>}
        {planner?.inProgress.map((p) => {
          const total = Object.values(p.counts).reduce((a, b) => a + b, 0);
          const done = total - p.counts.pending - p.counts.signalled;
          return (
            <div key={p.id} className="banner banner-info">
              {t('inProgress', { at: formatShortDateTime(p.createdAt), who: p.createdBy ?? '—', done, total })}
            </div>
          );
        })}
        {planner && planner.versions.length === 0 && <p className="empty-state small">{t('none')}</p>}
        {!applied &&
          planner?.versions.map((v) => (
            <section key={v.version} className="moves-version" aria-label={`v${v.version}`}>
              <h3>{t('versionHead', { v: v.version, at: formatDateTime(v.publishedAt), count: v.runs, n: v.runs })}</h3>
              <table className="moves-table">
                <thead>
                  <tr>
                    <th>{t('colStep')}</th>
                    <th className="num">{t('colRuns')}</th>
                    <th>{t('colWakes')}</th>
                    <th>{t('colChoice')}</th>
                  </tr>
                </thead>
                <tbody>
                  {v.nodes.map((node) => (
                    <NodeRow key={node.id || '-'} planner={planner} version={v.version} node={node} choices={choices} setChoices={setChoices} />
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        {error && (
          <div className="banner banner-error" role="alert">
            {error}
          </div>
        )}
        {!applied && preview && !fresh && <p className="moves-stale">{t('previewStale')}</p>}
        {!applied && fresh && <PreviewTable preview={fresh} lang={lang} />}
        {applied && <PlanProgress scenarioId={scenarioId} initial={applied} />}
      </div>
      <footer className="moves-actions">
        {!applied && planner && planner.versions.length > 0 && (
          <>
            <button type="button" className="btn-secondary" disabled={busy !== null || nothing} onClick={() => void run('preview')}>
              {busy === 'preview' ? t('previewing') : t('preview')}
            </button>
            <button type="button" className="btn-primary" disabled={busy !== null || nothing || !fresh} title={nothing ? t('nothingToApply') : !fresh ? t('previewStale') : undefined} onClick={() => void run('apply')}>
              {busy === 'apply' ? t('applying') : nothing ? t('apply') : t('applyWhat', { moved: counts.moved, exited: counts.exited })}
            </button>
          </>
        )}
        <button type="button" className="btn-ghost" onClick={close}>
          {t('close')}
        </button>
      </footer>
    </dialog>
  );
}

function NodeRow({ planner, version, node, choices, setChoices }: { planner: MovePlanner; version: number; node: PlannerNode; choices: Choices; setChoices(c: Choices): void }) {
  const { t, lang } = useMovesT();
  const to = planner.toVersion ?? 0;
  const choice = choiceOf(choices, version, node.id);
  const targets = allowedTargets(planner, node);
  const name = node.name || t('entering');
  const range = (w: { first: Date | string; last: Date | string }) =>
    formatShortDateTime(w.first) === formatShortDateTime(w.last) ? t('wakesOne', { first: formatShortDateTime(w.first) }) : t('wakes', { first: formatShortDateTime(w.first), last: formatShortDateTime(w.last) });
  const wakes = node.wakes ? range(node.wakes) : '—';
  const set = (action: string) =>
    setChoices(withChoice(choices, version, node.id, action === 'move' ? { action: 'move', to: targets[0].id } : action === 'exit' ? { action: 'exit' } : { action: 'stay' }));
  const names = new Map(planner.toNodes.map((n) => [n.id, n.name]));
  return (
    <tr className={`moves-row moves-${choice.action}`} data-node={node.id}>
      <td>
        <strong>{name}</strong>
        {node.id && <span className="muted moves-id"> · {node.id}</span>}
      </td>
      <td className="num">{node.runs}</td>
      <td className="muted">{wakes}</td>
      <td>
        {!node.id ? (
          <span className="muted">{t('stay', { v: version })}</span>
        ) : (
          <div className="moves-choice">
            <select aria-label={t('choiceFor', { name })} value={choice.action} onChange={(e) => set(e.target.value)}>
              <option value="stay">{t('stay', { v: version })}</option>
              <option value="move" disabled={targets.length === 0}>
                {targets.length ? t('move', { v: to }) : t('noTargets', { v: to })}
              </option>
              <option value="exit">{t('exit')}</option>
            </select>
            {choice.action === 'move' && (
              <select aria-label={t('targetFor', { v: to, name })} value={choice.to} onChange={(e) => setChoices(withChoice(choices, version, node.id, { action: 'move', to: e.target.value }))}>
                {targets.map((n) => (
                  <option key={n.id} value={n.id}>
                    {n.name} · {n.id}
                  </option>
                ))}
              </select>
            )}
            {choice.action === 'move' && movedWakes(planner, node, choice.to) && (
              <span className="muted moves-wakes">{t('movedWakes', { range: range(movedWakes(planner, node, choice.to)!) })}</span>
            )}
            {choice.action === 'move' && node.refused.length > 0 && (
              <details className="moves-refused">
                <summary>{t('refused', { n: node.refused.length })}</summary>
                <ul>
                  {node.refused.map((r) => (
                    <li key={r.nodeId}>
                      «{names.get(r.nodeId) ?? r.nodeId}»: {r.why[lang]}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </div>
        )}
      </td>
    </tr>
  );
}
