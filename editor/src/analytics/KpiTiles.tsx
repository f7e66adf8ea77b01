import { formatNumber, formatRub } from '../i18n/format';
import type { ReportTotals } from './api';
import { useAnalyticsT } from './texts';

const pct = (x: number | null) => (x === null ? '—' : `${formatNumber(x, 'ru', 1)} %`);

export function KpiTiles({ totals }: { totals: ReportTotals }) {
  const { t } = useAnalyticsT();
  const tiles = [
    { id: 'entered', label: t('kpiEntered'), value: formatNumber(totals.entered), hint: t('kpiEnteredHint', { n: totals.customers }) },
    { id: 'returned', label: t('kpiReturned'), value: formatNumber(totals.returned), hint: t('kpiReturnedHint') },
    { id: 'rate', label: t('kpiRate'), value: pct(totals.reactivationRate), hint: t('kpiRateHint'), accent: true },
    { id: 'revenue', label: t('kpiRevenue'), value: formatRub(totals.revenue), hint: t('kpiRevenueHint', { n: totals.orders }) },
    {
      id: 'cost',
      label: t('kpiCost'),
      value: formatRub(totals.cost),
      hint: t('kpiCostHint', { messages: formatRub(totals.messageCost), bonus: formatRub(totals.bonusSpent) }),
    },
    { id: 'cpr', label: t('kpiCpr'), value: totals.costPerReactivated === null ? '—' : formatRub(totals.costPerReactivated), hint: t('kpiCprHint') },
    { id: 'bonus', label: t('kpiBonus'), value: `${formatNumber(totals.bonusGranted)} / ${formatNumber(totals.bonusSpent)}`, hint: t('kpiBonusHint') },
  ];
  return (
    <div className="an-kpis">
      {tiles.map((tile) => (
        <div key={tile.id} className={tile.accent ? 'an-kpi accent' : 'an-kpi'} data-testid={`kpi-${tile.id}`}>
          <div className="an-kpi-label">{tile.label}</div>
          <div className="an-kpi-value">{tile.value}</div>
          {tile.hint && <div className="an-kpi-hint">{tile.hint}</div>}
        </div>
      ))}
    </div>
  );
}
