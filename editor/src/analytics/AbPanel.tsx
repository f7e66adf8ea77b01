import type { Interval } from '../../../shared/stats/proportions';
import { formatFixed, formatNumber, formatRub } from '../i18n/format';
import type { AbReport } from './api';
import { AbDecision } from './AbDecision';
import { ExportLinks } from './ExportLinks';
import { useAnalyticsT } from './texts';

const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '—' : `${formatFixed(x * 100, 'ru', digits)} %`);
const signed = (x: number, digits = 1) => `${x >= 0 ? '+' : '−'}${formatFixed(Math.abs(x * 100), 'ru', digits)}`;
const range = (ci: Interval | null, f: (x: number) => string) => (ci ? `${f(ci.low)} … ${f(ci.high)}` : '');

/** Per split: each variant and the holdout side by side, the comparison in plain words, the holdout made visible. */
export function AbPanel({ scenarioId, ab, mde, onMde, exportHref }: { scenarioId: string; ab: AbReport; mde: number; onMde(value: number): void; exportHref(format: 'xlsx' | 'csv'): string }) {
  const { t, lang } = useAnalyticsT();
  return (
    <section className="an-card" aria-labelledby="ab-title" data-testid="ab-panel">
      <div className="an-card-head">
        <h2 id="ab-title">{t('abTitle')}</h2>
        <span className="spacer" />
        <label className="an-mde" title={t('abMdeHint')}>
          {t('abMde')}
          <input type="number" min={1} max={500} value={mde} onChange={(e) => Number(e.target.value) >= 1 && onMde(Number(e.target.value))} data-testid="ab-mde" />
        </label>
        <ExportLinks label={t('exportAb')} href={exportHref} testId="export-ab" />
      </div>
      {ab.splits.length === 0 && <p className="an-muted">{t('abNone')}</p>}
      {ab.splits.map((split) => (
        <div key={split.nodeId} className="an-split" data-testid={`ab-split-${split.nodeId}`}>
          <h3>{split.name}</h3>
          <AbDecision scenarioId={scenarioId} split={split} />
          <p className={split.hasHoldout ? 'an-note holdout' : 'an-note warn'} role="note">
            {split.hasHoldout ? t('abHoldout') : t('abNoHoldout')}
          </p>
          <table className="an-table">
            <thead>
              <tr>
                <th>{t('abGroup')}</th>
                <th className="num">{t('abEntered')}</th>
                <th className="num">{t('abConverted')}</th>
                <th className="num">{t('abRate')}</th>
                <th className="num">{t('abUplift')}</th>
                <th className="num">{t('abP')}</th>
                <th className="num">{t('abRevenue')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {split.groups.map((g) => {
                const c = g.comparison;
                return (
                  <tr key={g.key} className={g.isHoldout ? 'is-holdout' : undefined} data-testid={`ab-group-${g.key}`}>
                    <td>
                      {g.isHoldout ? t('abHoldoutLabel') : g.label}
                      {g.isControl && <span className="an-tag">{t('abControl')}</span>}
                    </td>
                    <td className="num">{formatNumber(g.entered)}</td>
                    <td className="num">{formatNumber(g.converted)}</td>
                    <td className="num">
                      {pct(g.rate)}
                      <div className="an-ci">{range(g.rateCi, (x) => pct(x))}</div>
                    </td>
                    <td className="num">
                      {c?.upliftAbs != null ? `${signed(c.upliftAbs)} ${t('pp')}` : ''}
                      {c?.upliftRel != null && <div className="an-ci">{signed(c.upliftRel, 0)} %</div>}
                      {c?.upliftAbsCi && <div className="an-ci">{range(c.upliftAbsCi, (x) => signed(x))}</div>}
                    </td>
                    <td className="num">{c?.pValue != null ? formatFixed(c.pValue, 'ru', 3) : ''}</td>
                    <td className="num">{g.revenuePerCustomer === null ? '—' : formatRub(g.revenuePerCustomer)}</td>
                    <td>{c && <span className={`an-verdict ${c.verdict}`}>{t(`abVerdict_${c.verdict}`)}</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <ul className="an-verdicts">
            {split.groups
              .filter((g) => g.comparison)
              .map((g) => (
                <li key={g.key} className={`an-verdict-line ${g.comparison!.verdict}`} data-testid={`ab-verdict-${g.key}`}>
                  {g.comparison!.text[lang]}
                </li>
              ))}
          </ul>
        </div>
      ))}
      <details className="an-method">
        <summary>{t('abMethod')}</summary>
        <p>{ab.method[lang]}</p>
        <p>{t('abWhy')}</p>
      </details>
    </section>
  );
}
