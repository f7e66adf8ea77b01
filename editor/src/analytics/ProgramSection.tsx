import { useEffect, useState } from 'react';
import { formatDayMonth, formatNumber, isoDay } from '../i18n/format';
import { goTo } from '../ui/AppNav';
import { getProgram, type ProgramReport } from './api';
import { ciText, ControlSummary, measured, rub, sharePct, signedPp, VerdictChip } from './ControlBlock';
import { useAnalyticsT } from './texts';

/** The last `days` days up to today (Moscow), as the date inputs take them. */
function lastDays(days: number): { from: string; to: string } {
  const to = isoDay(new Date());
  const from = new Date(`${to}T00:00:00Z`);
  from.setUTCDate(from.getUTCDate() - days + 1);
  return { from: from.toISOString().slice(0, 10), to };
}

/** «01.09» from an ISO day, whatever the browser's zone. */
const dayMonth = (day: string) => formatDayMonth(`${day}T12:00:00Z`, 'UTC');

/**
 * «Программа против контрольной группы»: the whole program and every scenario against customers of the global
 * control group, who got nothing — returned share, revenue per customer, uplift with its interval, extra revenue,
 * cost per extra return and a verdict, or how many more control customers are needed.
 */
export function ProgramSection() {
  const { t, lang } = useAnalyticsT();
  const [period, setPeriod] = useState(() => lastDays(90));
  const [mde, setMde] = useState(20);
  const [report, setReport] = useState<ProgramReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    getProgram(period, mde)
      .then((r) => live && setReport(r))
      .catch((e) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [period, mde]);

  const countedLater = report && report.period.from > period.from;
  return (
    <section className="an-card cg-section" aria-labelledby="cg-title" data-testid="program-section">
      <div className="an-card-head">
        <div>
          <h2 id="cg-title">{t('cgTitle')}</h2>
          <p className="an-muted">{t('cgSubtitle')}</p>
        </div>
        <span className="spacer" />
        <span className="an-tag cg-share" data-testid="cg-share">
          {report && (report.controlSharePct > 0 ? t('cgShare', { pct: formatNumber(report.controlSharePct, lang, 1) }) : t('cgShareOff'))}
        </span>
      </div>
      <form className="an-filter cg-filter" onSubmit={(e) => e.preventDefault()} aria-label={t('cgPeriod')}>
        <fieldset className="an-period">
          <legend>{t('cgPeriod')}</legend>
          <label>
            {t('from')} <input type="date" value={period.from} max={period.to} onChange={(e) => e.target.value && setPeriod((p) => ({ ...p, from: e.target.value }))} data-testid="cg-from" />
          </label>
          <label>
            {t('to')} <input type="date" value={period.to} min={period.from} onChange={(e) => e.target.value && setPeriod((p) => ({ ...p, to: e.target.value }))} data-testid="cg-to" />
          </label>
          {[30, 90, 180].map((days) => (
            <button key={days} type="button" className="btn-ghost small" onClick={() => setPeriod(lastDays(days))}>
              {t('cgLast', { days })}
            </button>
          ))}
        </fieldset>
        <label className="an-mde" title={t('cgMdeHint')}>
          {t('cgMde')}
          <input type="number" min={1} max={500} value={mde} onChange={(e) => Number(e.target.value) >= 1 && setMde(Number(e.target.value))} data-testid="cg-mde" />
        </label>
        {report && (
          <span className="an-muted" data-testid="cg-period">
            {t('cgPeriodShown', { from: dayMonth(report.period.from), to: dayMonth(report.period.to) })}
            {countedLater && <> · {t('cgCountedFrom', { from: dayMonth(report.period.from) })}</>}
          </span>
        )}
      </form>

      {error && (
        <p className="an-error" role="alert">
          {t('cgFailed', { error })}
        </p>
      )}
      {!report && !error && <p className="an-muted" aria-busy="true">{t('cgLoading')}</p>}
      {report && (
        <>
          <h3 className="cg-subtitle">{t('cgProgram')}</h3>
          <ControlSummary c={report.program} testId="cg-program" />
          {report.scenarios.length === 0 ? (
            <p className="an-muted">{t('cgNoScenarios')}</p>
          ) : (
            <div className="cg-table-wrap">
              <table className="an-table cg-table" data-testid="cg-table">
                <thead>
                  <tr>
                    <th rowSpan={2}>{t('cgScenario')}</th>
                    <th colSpan={2} className="num">{t('cgCustomers')}</th>
                    <th colSpan={2} className="num">{t('cgReturned')}</th>
                    <th colSpan={2} className="num">{t('cgRevenuePer')}</th>
                    <th rowSpan={2} className="num" title={t('cgUpliftHint')}>{t('cgUplift')}</th>
                    <th rowSpan={2} className="num">{t('cgExtraRevenue')}</th>
                    <th rowSpan={2} className="num" title={t('cgCostPerReturnHint')}>{t('cgCostPerReturn')}</th>
                    <th rowSpan={2}>{t('cgVerdict')}</th>
                  </tr>
                  <tr>
                    <th className="num">{t('cgTreated')}</th>
                    <th className="num">{t('cgControl')}</th>
                    <th className="num">{t('cgTreated')}</th>
                    <th className="num">{t('cgControl')}</th>
                    <th className="num">{t('cgTreated')}</th>
                    <th className="num">{t('cgControl')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.scenarios.map((s) => {
                    const ok = measured(s);
                    return (
                      <tr key={s.scenarioId} data-testid={`cg-row-${s.scenarioId}`} data-verdict={s.verdict}>
                        <td>
                          <a
                            href={`/scenarios/${s.scenarioId}/report`}
                            onClick={(e) => {
                              e.preventDefault();
                              goTo(`/scenarios/${s.scenarioId}/report`);
                            }}
                          >
                            {s.name}
                          </a>
                        </td>
                        <td className="num">{formatNumber(s.treated.customers, lang)}</td>
                        <td className="num">{formatNumber(s.control.customers, lang)}</td>
                        <td className="num">{sharePct(s.treated.share, lang)}</td>
                        <td className="num">{sharePct(s.control.share, lang)}</td>
                        <td className="num">{rub(s.treated.revenuePerCustomer, lang)}</td>
                        <td className="num">{rub(s.control.revenuePerCustomer, lang)}</td>
                        <td className="num">
                          {ok && s.difference !== null ? `${signedPp(s.difference, lang)} ${t('pp')}` : '—'}
                          {ok && s.differenceCi && <div className="an-ci">{ciText(s.differenceCi, (x) => signedPp(x, lang))}</div>}
                        </td>
                        <td className="num">
                          {rub(s.incrementalRevenue, lang)}
                          {s.incrementalRevenueCi && <div className="an-ci">{ciText(s.incrementalRevenueCi, (x) => rub(x, lang))}</div>}
                        </td>
                        <td className="num">{s.costPerIncrementalReturn !== null ? rub(s.costPerIncrementalReturn, lang) : ok ? t('cgNotMeasurable') : '—'}</td>
                        <td>
                          <VerdictChip c={s} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <details className="an-method">
            <summary>{t('cgMethod')}</summary>
            <p>{report.method[lang]}</p>
            <ul>
              {report.assumptions.map((a) => (
                <li key={a.en}>{a[lang]}</li>
              ))}
            </ul>
          </details>
        </>
      )}
    </section>
  );
}
