import { useCallback, useEffect, useState } from 'react';
import type { SessionUser } from '../api/auth';
import { getVersion, listVersions } from '../api/scenarios';
import { nodeTitle } from '../document/ports';
import { useT } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { navigate } from '../router';
import { listRuns, RUN_STATUSES, type RunFilters, type RunSummary } from './api';
import { runStatusLabel } from './labels';
import { RunVersions } from './RunVersions';
import { SupportPage } from './SupportPage';

/** The same filters as the screen, as a file: the server walks every page. */
function exportQuery(scenarioId: string, filters: RunFilters): string {
  const p = new URLSearchParams({ scenarioId, format: 'xlsx' });
  for (const [k, v] of Object.entries(filters)) if (v) p.set(k, String(v));
  return `?${p}`;
}

interface NodeOption {
  id: string;
  title: string;
}

/** Instances of one scenario with filters; pages are keyset cursors, so the thousandth page is as quick as the first. */
export function RunsListScreen({ user, onLogout, scenarioId }: { user: SessionUser; onLogout(): void; scenarioId: string }) {
  const { t, lang } = useT();
  const [filters, setFilters] = useState<RunFilters>({});
  const [items, setItems] = useState<RunSummary[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [scenario, setScenario] = useState<{ name: string; nodes: NodeOption[]; variants: string[] } | null>(null);

  useEffect(() => {
    // Versions are readable by every role that sees runs (support included); the draft is not.
    listVersions(scenarioId)
      .then(async (versions) => {
        const live = versions.find((v) => v.current) ?? versions[0];
        if (!live) return setScenario({ name: scenarioId, nodes: [], variants: [] });
        // Filters offer the nodes and A/B variants of the live version (older versions' nodes can be typed by id).
        const doc = await getVersion(scenarioId, live.version);
        const variants = doc.nodes.flatMap((n) => (n.type === 'abSplit' ? [...n.config.variants.map((v) => v.key), 'holdout'] : []));
        setScenario({ name: live.name, nodes: doc.nodes.map((n) => ({ id: n.id, title: `${nodeTitle(n, lang)} (${n.id})` })), variants: [...new Set(variants)] });
      })
      .catch(() => setScenario({ name: scenarioId, nodes: [], variants: [] }));
  }, [scenarioId, lang]);

  const load = useCallback(() => {
    listRuns(scenarioId, filters)
      .then((page) => {
        setItems(page.items);
        setNext(page.nextCursor);
        setError(null);
      })
      .catch((e) => setError(e instanceof Error ? e.message : String(e)));
  }, [scenarioId, filters]);
  useEffect(load, [load]);

  const more = async () => {
    if (!next) return;
    const page = await listRuns(scenarioId, filters, next);
    setItems((prev) => [...(prev ?? []), ...page.items]);
    setNext(page.nextCursor);
  };
  const set = (patch: Partial<RunFilters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <SupportPage user={user} onLogout={onLogout} wide>
      {user.role !== 'support' && (
        <a
          href={`/scenarios/${encodeURIComponent(scenarioId)}`}
          className="desk-back"
          onClick={(e) => {
            e.preventDefault();
            navigate({ name: 'editor', id: scenarioId });
          }}
        >
          ← {t('support.runs.toScenario')}
        </a>
      )}
      <div className="list-head">
        <h1>{t('support.runs.title')}</h1>
        {scenario && <span className="muted">{scenario.name}</span>}
        <span className="spacer" />
        <a className="btn-secondary" href={`/api/runs${exportQuery(scenarioId, filters)}`} download>
          {t('support.runs.export')}
        </a>
      </div>
      <form className="desk-filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('support.runs.col.status')}
          <select value={filters.status ?? ''} onChange={(e) => set({ status: e.target.value as RunFilters['status'] })}>
            <option value="">{t('support.runs.any')}</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {runStatusLabel(t, s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('support.runs.node')}
          <select value={filters.nodeId ?? ''} onChange={(e) => set({ nodeId: e.target.value || undefined })}>
            <option value="">{t('support.runs.any')}</option>
            {scenario?.nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.title}
              </option>
            ))}
          </select>
        </label>
        {scenario && scenario.variants.length > 0 && (
          <label>
            {t('support.runs.col.variant')}
            <select value={filters.variant ?? ''} onChange={(e) => set({ variant: e.target.value || undefined })}>
              <option value="">{t('support.runs.any')}</option>
              {scenario.variants.map((v) => (
                <option key={v} value={v}>
                  {v === 'holdout' ? t('support.runs.holdout') : v}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('support.runs.from')}
          <input type="date" value={filters.enteredFrom ?? ''} onChange={(e) => set({ enteredFrom: e.target.value || undefined })} />
        </label>
        <label>
          {t('support.runs.to')}
          <input type="date" value={filters.enteredTo ?? ''} onChange={(e) => set({ enteredTo: e.target.value || undefined })} />
        </label>
      </form>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      {items && items.length === 0 && <div className="empty-state">{t('support.runs.empty')}</div>}
      {items && items.length > 0 && (
        <table className="data-table desk-table">
          <thead>
            <tr>
              <th>{t('support.runs.col.customer')}</th>
              <th>{t('support.runs.col.status')}</th>
              <th>{t('support.runs.col.version')}</th>
              <th>{t('support.runs.col.variant')}</th>
              <th>{t('support.runs.col.entered')}</th>
              <th>{t('support.runs.col.where')}</th>
              <th>{t('support.runs.col.wake')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} className="clickable" onClick={() => navigate({ name: 'run', id: r.id })}>
                <td>
                  <a
                    href={`/runs/${encodeURIComponent(r.id)}`}
                    className="row-link"
                    onClick={(e) => {
                      e.preventDefault();
                      e.stopPropagation();
                      navigate({ name: 'run', id: r.id });
                    }}
                  >
                    {r.customerName || r.customerId}
                  </a>
                  <div className="muted small">ID {r.customerId}</div>
                </td>
                <td>
                  <span className={`status run-${r.status}`}>{runStatusLabel(t, r.status)}</span>
                </td>
                <td>
                  <RunVersions run={r} />
                </td>
                <td>{r.variant === 'holdout' ? t('support.runs.holdout') : (r.variant ?? t('common.none'))}</td>
                <td className="muted nowrap">{formatDateTime(r.enteredAt)}</td>
                <td className="muted">{r.status === 'running' ? (scenario?.nodes.find((n) => n.id === r.currentNodeId)?.title ?? r.currentNodeId) : r.endReason}</td>
                <td className="muted nowrap">{r.nextWakeAt ? formatDateTime(r.nextWakeAt) : t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <div className="desk-more">
          <button type="button" className="btn-secondary" onClick={() => void more()}>
            {t('support.more')}
          </button>
        </div>
      )}
    </SupportPage>
  );
}
