import type { Interval } from '../../../shared/stats/proportions';
import type { Lang } from '../../../shared/i18n/text';
import { formatFixed, formatNumber, formatRub } from '../i18n/format';
import type { ControlComparison } from './api';
import { useAnalyticsT, type AnalyticsKey } from './texts';

/** Shares as «20,0 %», differences as «+10,0», roubles rounded to whole ones for the big figures. */
export const sharePct = (x: number | null, lang: Lang) => (x === null ? '—' : `${formatFixed(x * 100, lang, 1)}${lang === 'ru' ? '\u00a0' : ''}%`);
export const signedPp = (x: number, lang: Lang) => `${x >= 0 ? '+' : '−'}${formatFixed(Math.abs(x * 100), lang, 1)}`;
const wholeRub = (x: number, lang: Lang) => `${x < 0 ? '−' : ''}${formatRub(Math.round(Math.abs(x)), lang)}`;
export const rub = (x: number | null, lang: Lang) => (x === null ? '—' : wholeRub(x, lang));
export const ciText = (ci: Interval | null, f: (x: number) => string) => (ci ? `${f(ci.low)} … ${f(ci.high)}` : '');

/** Measured: a verdict with numbers behind it (not «not enough data», not «no control group»). */
export const measured = (c: ControlComparison) => c.verdict === 'better' || c.verdict === 'worse' || c.verdict === 'no_difference';

/** The short verdict: a chip, or «Недостаточно данных: нужно ещё ~N клиентов в контрольной группе». */
export function VerdictChip({ c }: { c: ControlComparison }) {
  const { t, lang } = useAnalyticsT();
  if (c.verdict === 'not_enough_data') {
    return (
      <span className="an-verdict not_enough_data cg-need" title={c.text[lang]}>
        {c.stillNeeded !== null && c.stillNeeded > 0 ? t('cgNeedMore', { n: formatNumber(c.stillNeeded, lang) }) : t('cgNeedMoreBasic')}
      </span>
    );
  }
  return (
    <span className={`an-verdict ${c.verdict}`} title={c.text[lang]}>
      {t(`cgVerdict_${c.verdict}` as AnalyticsKey)}
    </span>
  );
}

/**
 * One comparison as tiles (returned share in both groups, revenue per customer, uplift with its interval, extra
 * returns and revenue, cost per extra return) and the verdict in plain words. While there is not enough data the
 * tiles show the observed shares only, and the sentence says how many more control customers are needed.
 */
export function ControlSummary({ c, testId }: { c: ControlComparison; testId: string }) {
  const { t, lang } = useAnalyticsT();
  const ok = measured(c);
  const tiles: Array<{ id: string; label: string; value: string; hint?: string; accent?: boolean }> = [
    {
      id: 'returned',
      label: t('cgTileReturned'),
      value: `${sharePct(c.treated.share, lang)} / ${sharePct(c.control.share, lang)}`,
      hint: `${formatNumber(c.treated.returned, lang)} / ${formatNumber(c.control.returned, lang)}`,
    },
    {
      id: 'revenue',
      label: t('cgTileRevenue'),
      value: `${rub(c.treated.revenuePerCustomer, lang)} / ${rub(c.control.revenuePerCustomer, lang)}`,
      hint: ok && c.revenueDifference !== null ? `${c.revenueDifference >= 0 ? '+' : ''}${rub(c.revenueDifference, lang)} · ${ciText(c.revenueDifferenceCi, (x) => rub(x, lang))}` : undefined,
    },
    {
      id: 'uplift',
      label: t('cgTileUplift'),
      value: ok && c.difference !== null ? `${signedPp(c.difference, lang)} ${t('pp')}` : '—',
      hint: ok ? ciText(c.differenceCi, (x) => signedPp(x, lang)) : undefined,
      accent: c.verdict === 'better',
    },
    {
      id: 'extra-returns',
      label: t('cgTileExtraReturns'),
      value: c.incrementalReturns === null ? '—' : formatNumber(Math.round(c.incrementalReturns), lang),
      hint: c.incrementalReturnsCi ? ciText(c.incrementalReturnsCi, (x) => formatNumber(Math.round(x), lang)) : undefined,
    },
    {
      id: 'extra-revenue',
      label: t('cgTileExtraRevenue'),
      value: rub(c.incrementalRevenue, lang),
      hint: c.incrementalRevenueCi ? ciText(c.incrementalRevenueCi, (x) => rub(x, lang)) : undefined,
      accent: c.verdict === 'better' && !!c.incrementalRevenueCi && c.incrementalRevenueCi.low > 0,
    },
    {
      id: 'cost',
      label: t('cgTileCost'),
      value: c.costPerIncrementalReturn === null ? (ok ? t('cgNotMeasurable') : '—') : rub(c.costPerIncrementalReturn, lang),
      hint: [t('cgTileCostHint', { cost: rub(c.cost, lang) }), c.costPerIncrementalReturnCi ? ciText(c.costPerIncrementalReturnCi, (x) => rub(x, lang)) : '']
        .filter(Boolean)
        .join(' · '),
    },
  ];
  return (
    <div className="cg-summary" data-testid={testId} data-verdict={c.verdict}>
      <p className="an-muted cg-counts">
        {t('cgCounts', { treated: formatNumber(c.treated.customers, lang), control: formatNumber(c.control.customers, lang), days: c.windowDays })}
        {c.treated.openWindows + c.control.openWindows > 0 && <> · {t('cgOpen', { n: formatNumber(c.treated.openWindows + c.control.openWindows, lang) })}</>}
      </p>
      <div className="an-kpis">
        {tiles.map((tile) => (
          <div key={tile.id} className={tile.accent ? 'an-kpi accent' : 'an-kpi'} data-testid={`${testId}-${tile.id}`}>
            <div className="an-kpi-label">{tile.label}</div>
            <div className="an-kpi-value">{tile.value}</div>
            {tile.hint && <div className="an-kpi-hint">{tile.hint}</div>}
          </div>
        ))}
      </div>
      <p className={`an-verdict-line ${c.verdict}`} data-testid={`${testId}-text`}>
        {c.text[lang]}
      </p>
    </div>
  );
}

/** The scenario report's block: this scenario against the control group over the report's period. */
export function ScenarioControlPanel({ control }: { control: ControlComparison }) {
  const { t } = useAnalyticsT();
  return (
    <section className="an-card" aria-labelledby="cg-scenario-title" data-testid="control-panel">
      <div className="an-card-head">
        <h2 id="cg-scenario-title">{t('cgScenarioTitle')}</h2>
        <span className="an-muted">{t('cgSubtitle')}</span>
      </div>
      <ControlSummary c={control} testId="cg-scenario" />
    </section>
  );
}
