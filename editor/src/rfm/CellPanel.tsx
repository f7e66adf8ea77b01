import { useEffect, useState } from 'react';
import { segmentScenarioDraft } from '../../../shared/rfm/scenarioDraft';
import { createScenario } from '../api/scenarios';
import { formatDateTime, formatNumber } from '../i18n/format';
import { navigate } from '../router';
import { toast } from '../ui/toast';
import { cellCustomersUrl, createSegment, getCellCustomers, type Customer, type Edges, type Matrix, type MatrixCell } from './api';
import { useRfmT } from './texts';

const num = (n: number) => formatNumber(n);
const rub = (n: number | null) => (n === null ? '—' : `${num(Math.round(n))} ₽`);

/** The chosen cell: its customers page by page, the Excel export of all of them, and the way to a scenario. */
export function CellPanel(props: { matrix: Matrix; edges: Edges; cell: MatrixCell; canEdit: boolean; onClose(): void; onSegmentSaved(): void }) {
  const { t } = useRfmT();
  const { matrix, edges, cell } = props;
  const row = matrix.rows[cell.row];
  const col = matrix.columns[cell.col];
  const [customers, setCustomers] = useState<Customer[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [busy, setBusy] = useState(false);
  const segmentName = t('cellSegmentName', { orders: row.label, days: col.label });

  useEffect(() => {
    let live = true;
    setCustomers([]);
    setLoading(true);
    getCellCustomers(edges, cell.row, cell.col, null)
      .then((page) => {
        if (!live) return;
        setCustomers(page.customers);
        setCursor(page.nextCursor);
      })
      .catch((e) => toast(String(e instanceof Error ? e.message : e), 'error'))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [edges, cell.row, cell.col]);

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await getCellCustomers(edges, cell.row, cell.col, cursor);
      setCustomers((list) => [...list, ...page.customers]);
      setCursor(page.nextCursor);
    } finally {
      setLoading(false);
    }
  };

  const createFromCell = async () => {
    setBusy(true);
    try {
      const created = await createScenario(segmentScenarioDraft({ name: segmentName, condition: cell.condition }));
      navigate({ name: 'editor', id: created.id });
    } catch (e) {
      toast(t('createFailed', { error: e instanceof Error ? e.message : String(e) }), 'error');
      setBusy(false);
    }
  };

  const [naming, setNaming] = useState<string | null>(null);
  const saveSegment = async (name: string) => {
    try {
      await createSegment({ name, condition: cell.condition });
      toast(t('segmentSaved', { name }), 'success');
      setNaming(null);
      props.onSegmentSaved();
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), 'error');
    }
  };

  return (
    <section className="rfm-panel" aria-labelledby="rfm-cell-title" data-testid="rfm-cell-panel">
      <div className="rfm-panel-head">
        <div>
          <h2 id="rfm-cell-title">{t('cellTitle', { orders: row.label, days: col.label })}</h2>
          <p className="rfm-muted">
            {t('cellSummary', { customers: num(cell.customers), customerCount: cell.customers, sales: num(cell.orders), saleCount: cell.orders, share: cell.salesShare.toFixed(2).replace('.', ','), check: rub(cell.avgCheck) })}
          </p>
        </div>
        <span className="spacer" />
        <a className="btn-secondary" href={cellCustomersUrl(edges, cell.row, cell.col, { format: 'xlsx' })} download data-testid="rfm-export">
          {t('exportAll')}
        </a>
        <a className="btn-ghost" href={cellCustomersUrl(edges, cell.row, cell.col, { format: 'csv' })} download>
          {t('exportCsv')}
        </a>
        {props.canEdit && (
          <>
            <button type="button" className="btn-ghost" onClick={() => setNaming(naming === null ? segmentName : null)} aria-expanded={naming !== null}>
              {t('segmentSave')}
            </button>
            <button type="button" className="btn-primary" disabled={busy} onClick={() => void createFromCell()} data-testid="rfm-create-scenario">
              {busy ? t('creating') : t('createScenario')}
            </button>
          </>
        )}
        <button type="button" className="btn-ghost" onClick={props.onClose} aria-label={t('close')}>
          ✕
        </button>
      </div>
      {naming !== null && (
        <form
          className="rfm-name-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (naming.trim()) void saveSegment(naming.trim());
          }}
        >
          <label>
            {t('segmentName')}
            <input autoFocus value={naming} maxLength={100} onChange={(e) => setNaming(e.target.value)} />
          </label>
          <button type="submit" className="btn-secondary small" disabled={!naming.trim()}>
            {t('segmentSaveButton')}
          </button>
        </form>
      )}
      {!loading && customers.length === 0 ? (
        <div className="empty-state">{t('noCustomers')}</div>
      ) : (
        <table className="data-table rfm-customers">
          <thead>
            <tr>
              <th>{t('col_name')}</th>
              <th>{t('col_contacts')}</th>
              <th>{t('col_city')}</th>
              <th className="num">{t('col_orders')}</th>
              <th className="num">{t('col_spent')}</th>
              <th className="num">{t('col_check')}</th>
              <th>{t('col_last')}</th>
              <th className="num">{t('col_days')}</th>
            </tr>
          </thead>
          <tbody>
            {customers.map((c) => (
              <tr key={c.id} data-customer-id={c.id}>
                <td>
                  {c.name ?? '—'}
                  {c.cardType === 'vip' && <span className="rfm-vip">VIP</span>}
                  <div className="rfm-muted rfm-id">{c.id}</div>
                </td>
                <td>
                  {c.phone && <div>{c.phone}</div>}
                  {c.email && <div className="rfm-muted">{c.email}</div>}
                </td>
                <td>{c.city ?? '—'}</td>
                <td className="num">{num(c.orderCount)}</td>
                <td className="num">{rub(c.totalSpent)}</td>
                <td className="num">{rub(c.avgCheck)}</td>
                <td>{c.lastOrderAt ? formatDateTime(c.lastOrderAt) : '—'}</td>
                <td className="num">{c.daysSinceLastOrder ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="rfm-panel-foot">
        <span className="rfm-muted">{t('shown', { n: num(customers.length), total: num(cell.customers) })}</span>
        {cursor && (
          <button type="button" className="btn-secondary small" disabled={loading} onClick={() => void more()}>
            {t('more')}
          </button>
        )}
      </div>
    </section>
  );
}
