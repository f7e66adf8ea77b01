import { formatFixed, formatNumber } from '../i18n/format';
import type { Figures, Matrix, MatrixCell, ReactivationCell } from './api';
import { useRfmT } from './texts';

const num = (n: number) => formatNumber(n);
const pct = (n: number) => formatFixed(n, 'ru', 2);

/** Background by share of sales: the busier the cell, the deeper the colour (as the webinar's matrix). */
function shade(share: number, max: number): string {
  if (max <= 0 || share <= 0) return 'transparent';
  const alpha = 0.08 + 0.6 * Math.sqrt(share / max);
  return `rgba(79, 70, 229, ${alpha.toFixed(3)})`;
}

function FigureLines({ f }: { f: Figures }) {
  const { t } = useRfmT();
  return (
    <>
      <strong className="rfm-share">{t('share', { n: pct(f.salesShare) })}</strong>
      <span>{t('customers', { n: num(f.customers), count: f.customers })}</span>
      <span>{t('sales', { n: num(f.orders), count: f.orders })}</span>
      <span>{t('avgCheck', { n: f.avgCheck === null ? '—' : num(Math.round(f.avgCheck)) })}</span>
    </>
  );
}

/**
 * Seed 000's matrix: rows = number of orders (most at the top), columns = days since the last purchase (most recent on
 * the left), column totals above, row totals on the right. Cells are buttons: choosing one lists its customers.
 */
export function MatrixGrid(props: {
  matrix: Matrix;
  selected: { row: number; col: number } | null;
  reactivation: ReactivationCell[] | null;
  onSelect(cell: MatrixCell): void;
}) {
  const { t } = useRfmT();
  const { matrix, selected, reactivation } = props;
  const maxShare = Math.max(...matrix.cells.map((c) => c.salesShare), 0);
  const rowsTopDown = [...matrix.rows].reverse();
  const cellAt = (row: number, col: number) => matrix.cells.find((c) => c.row === row && c.col === col)!;
  const overlayAt = (row: number, col: number) => reactivation?.find((c) => c.row === row && c.col === col);
  return (
    <div className="rfm-grid-wrap">
      <div className="rfm-axis-y">{t('ordersAxis')}</div>
      <table className="rfm-grid" aria-label={t('title')}>
        <tbody>
          <tr className="rfm-totals-row">
            <th scope="row" className="rfm-row-head">{t('total')}</th>
            {matrix.columnTotals.map((total) => (
              <td key={total.col} className="rfm-total" data-testid={`rfm-col-total-${total.col}`}>
                <FigureLines f={total} />
              </td>
            ))}
            <td className="rfm-total rfm-grand" data-testid="rfm-grand-total">
              <FigureLines f={matrix.total} />
            </td>
          </tr>
          {rowsTopDown.map((row) => (
            <tr key={row.index}>
              <th scope="row" className="rfm-row-head">{row.label}</th>
              {matrix.columns.map((col) => {
                const cell = cellAt(row.index, col.index);
                const isSelected = selected?.row === row.index && selected?.col === col.index;
                const overlay = overlayAt(row.index, col.index);
                const regionName = cell.region ? t(`region_${cell.region}`) : null;
                return (
                  <td key={col.index} className={`rfm-cell${cell.region ? ` region-${cell.region}` : ''}${isSelected ? ' selected' : ''}`}>
                    <button
                      type="button"
                      style={{ background: shade(cell.salesShare, maxShare) }}
                      className={cell.salesShare / (maxShare || 1) > 0.45 ? 'dark' : undefined}
                      aria-pressed={isSelected}
                      aria-label={`${row.label} × ${col.label}: ${t('customers', { n: cell.customers, count: cell.customers })}${regionName ? `, ${regionName}` : ''}`}
                      data-testid={`rfm-cell-${row.index}-${col.index}`}
                      onClick={() => props.onSelect(cell)}
                    >
                      <FigureLines f={cell} />
                      {reactivation && (
                        <span className={overlay && overlay.rate !== null ? 'rfm-overlay' : 'rfm-overlay none'}>
                          {overlay && overlay.rate !== null
                            ? t('overlayCell', { rate: pct(overlay.rate), returned: num(overlay.returned), entered: num(overlay.entered) })
                            : t('overlayNone')}
                        </span>
                      )}
                      {regionName && <span className="rfm-region-tag">{regionName}</span>}
                    </button>
                  </td>
                );
              })}
              <td className="rfm-total" data-testid={`rfm-row-total-${row.index}`}>
                <FigureLines f={matrix.rowTotals[row.index]} />
              </td>
            </tr>
          ))}
          <tr className="rfm-col-heads">
            <th />
            {matrix.columns.map((col) => (
              <th key={col.index} scope="col">{col.label}</th>
            ))}
            <th scope="col">{t('total')}</th>
          </tr>
        </tbody>
      </table>
      <div className="rfm-axis-x">{t('daysAxis')}</div>
    </div>
  );
}
