import { useCallback, useEffect, useMemo, useState } from 'react';
import { DEFAULT_DAY_EDGES, DEFAULT_ORDER_EDGES, edgesText, parseEdges } from '../../../shared/rfm/buckets';
import type { SessionUser } from '../api/auth';
import { formatDateTime, formatNumber } from '../i18n/format';
import { AppHeader } from '../ui/AppNav';
import { toast } from '../ui/toast';
import { getMatrix, getReactivation, listSegments, matrixExportUrl, type Edges, type Matrix, type MatrixCell, type ReactivationCell, type Segment } from './api';
import { CellPanel } from './CellPanel';
import { MatrixGrid } from './MatrixGrid';
import { SegmentList } from './SegmentList';
import { useRfmT } from './texts';
import './rfm.css';

const DEFAULT_EDGES: Edges = { orders: edgesText(DEFAULT_ORDER_EDGES), days: edgesText(DEFAULT_DAY_EDGES) };
const num = (n: number) => formatNumber(n);

/** «Who is sleeping?»: the RFM matrix of seed 000 with editable buckets, a cell's customers, and named segments. */
export function RfmScreen({ user, onLogout }: { user: SessionUser; onLogout(): void }) {
  const { t, lang } = useRfmT();
  const canEdit = user.role === 'admin' || user.role === 'marketer';
  const [edges, setEdges] = useState<Edges>(DEFAULT_EDGES);
  const [draft, setDraft] = useState<Edges>(DEFAULT_EDGES);
  const [matrix, setMatrix] = useState<Matrix | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<MatrixCell | null>(null);
  const [overlay, setOverlay] = useState(false);
  const [reactivation, setReactivation] = useState<ReactivationCell[] | null>(null);
  const [segments, setSegments] = useState<Segment[] | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    getMatrix(edges)
      .then((m) => live && setMatrix(m))
      .catch((e) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [edges]);

  useEffect(() => {
    if (!overlay) return setReactivation(null);
    let live = true;
    getReactivation(edges)
      .then((r) => live && setReactivation(r.cells))
      .catch((e) => toast(e instanceof Error ? e.message : String(e), 'error'));
    return () => {
      live = false;
    };
  }, [overlay, edges]);

  const reloadSegments = useCallback(() => {
    listSegments()
      .then(setSegments)
      .catch((e) => toast(e instanceof Error ? e.message : String(e), 'error'));
  }, []);
  useEffect(reloadSegments, [reloadSegments]);

  // The same validation the server applies, so a typo is explained before any request.
  const problems = useMemo(
    () => [...parseEdges('orders', draft.orders).problems, ...parseEdges('days', draft.days).problems].map((p) => p.message[lang]),
    [draft, lang],
  );
  const apply = (next: Edges) => {
    setSelected(null);
    setEdges({ ...next });
  };

  return (
    <div className="page">
      <AppHeader user={user} onLogout={onLogout} />
      <main className="rfm-main">
        <div className="list-head">
          <div>
            <h1>{t('title')}</h1>
            <p className="rfm-muted">{t('subtitle')}</p>
          </div>
          <span className="spacer" />
          <label className="check" title={t('overlayHint')}>
            <input type="checkbox" checked={overlay} onChange={(e) => setOverlay(e.target.checked)} data-testid="rfm-overlay" />
            {t('overlay')}
          </label>
        </div>
        <form
          className="rfm-edges"
          onSubmit={(e) => {
            e.preventDefault();
            if (problems.length === 0) apply(draft);
          }}
        >
          <label>
            {t('edgesOrders')}
            <input value={draft.orders} onChange={(e) => setDraft({ ...draft, orders: e.target.value })} aria-describedby="rfm-edges-hint" data-testid="rfm-edges-orders" />
          </label>
          <label>
            {t('edgesDays')}
            <input value={draft.days} onChange={(e) => setDraft({ ...draft, days: e.target.value })} aria-describedby="rfm-edges-hint" data-testid="rfm-edges-days" />
          </label>
          <button type="submit" className="btn-secondary" disabled={problems.length > 0}>
            {t('apply')}
          </button>
          <button
            type="button"
            className="btn-ghost"
            onClick={() => {
              setDraft(DEFAULT_EDGES);
              apply(DEFAULT_EDGES);
            }}
          >
            {t('reset')}
          </button>
          <span id="rfm-edges-hint" className="rfm-muted">
            {t('edgesHint')}
          </span>
          {problems.length > 0 && (
            <div className="rfm-edge-problems" role="alert">
              {problems.map((p) => (
                <div key={p}>{p}</div>
              ))}
            </div>
          )}
        </form>
        {error && (
          <div className="banner banner-error" role="alert">
            {t('loadFailed', { error })}
          </div>
        )}
        {!matrix && !error && <div className="empty-state">{t('loading')}</div>}
        {matrix && (
          <>
            <div className="rfm-legend">
              <span className="rfm-muted">{t('legend')}</span>
              <span className="rfm-swatch region-sleeping">{t('region_sleeping')}</span>
              <span className="rfm-swatch region-leaving">{t('region_leaving')}</span>
              <span className="rfm-swatch region-promising">{t('region_promising')}</span>
              <span className="spacer" />
              <span className="rfm-muted">{t('asOf', { at: formatDateTime(matrix.asOf) })}</span>
              <a className="btn-ghost small" href={matrixExportUrl(edges)} download>
                {t('exportMatrix')}
              </a>
            </div>
            <MatrixGrid matrix={matrix} selected={selected} reactivation={reactivation} onSelect={setSelected} />
            <p className="rfm-muted rfm-outside">
              {t('withoutOrders', { n: num(matrix.withoutOrders.customers), count: matrix.withoutOrders.customers })}
              {matrix.belowFirstEdge.customers > 0 && <> · {t('belowFirst', { edge: matrix.edges.orders[0], n: num(matrix.belowFirstEdge.customers), count: matrix.belowFirstEdge.customers })}</>}
            </p>
            {selected && (
              <CellPanel
                key={`${selected.row}:${selected.col}:${edges.orders}:${edges.days}`}
                matrix={matrix}
                edges={edges}
                cell={selected}
                canEdit={canEdit}
                onClose={() => setSelected(null)}
                onSegmentSaved={reloadSegments}
              />
            )}
          </>
        )}
        <SegmentList segments={segments} canEdit={canEdit} onChanged={reloadSegments} />
      </main>
    </div>
  );
}
