import { useEffect, useState } from 'react';
import type { SessionUser } from '../api/auth';
import { formatDayMonth, isoDay } from '../i18n/format';
import { navigate } from '../router';
import { AppHeader, goTo } from '../ui/AppNav';
import { exportUrl, getAb, getReport, type AbReport, type ReportFilter, type ScenarioReport } from './api';
import { AbPanel } from './AbPanel';
import { ChannelChart, DailyChart } from './Charts';
import { ScenarioControlPanel } from './ControlBlock';
import { ExportLinks } from './ExportLinks';
import { FunnelCanvas } from './FunnelCanvas';
import { KpiTiles } from './KpiTiles';
import { useAnalyticsT } from './texts';
import './analytics.css';

/** The filter lives in the address (?version=&from=&to=), so a report can be shared and reloaded as it is. */
function filterFromLocation(): ReportFilter {
  const params = new URLSearchParams(location.search);
  const version = Number(params.get('version'));
  return { version: version > 0 ? version : undefined, from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
}

function writeFilter(filter: ReportFilter) {
  const params = new URLSearchParams();
  if (filter.version) params.set('version', String(filter.version));
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  const search = params.toString();
  history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}`);
}

const moscowToday = () => isoDay(new Date());
function daysBack(days: number): ReportFilter {
  const to = moscowToday();
  const from = new Date(`${to}T00:00:00Z`);
  from.setUTCDate(from.getUTCDate() - days + 1);
  return { from: from.toISOString().slice(0, 10), to };
}

export function ReportScreen({ id, user, onLogout }: { id: string; user: SessionUser; onLogout(): void }) {
  const { t, lang } = useAnalyticsT();
  const [filter, setFilter] = useState<ReportFilter>(filterFromLocation);
  const [mde, setMde] = useState(20);
  const [report, setReport] = useState<ScenarioReport | null>(null);
  const [ab, setAb] = useState<AbReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canOpen = user.role === 'admin' || user.role === 'marketer' || user.role === 'analyst';

  useEffect(() => {
    writeFilter(filter);
    let live = true;
    setError(null);
    getReport(id, filter)
      .then((r) => live && setReport(r))
      .catch((e) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [id, filter]);

  useEffect(() => {
    let live = true;
    getAb(id, filter, mde)
      .then((r) => live && setAb(r))
      .catch((e) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [id, filter, mde]);

  const update = (patch: Partial<ReportFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const tableHref = (table: string) => (format: 'xlsx' | 'csv') => exportUrl(id, 'report', filter, format, { table });

  return (
    <div className="page">
      <AppHeader user={user} onLogout={onLogout} />
      <main className="an-main">
        <div className="list-head">
          <div>
            <a
              href="/analytics"
              className="an-back"
              onClick={(e) => {
                e.preventDefault();
                goTo('/analytics');
              }}
            >
              {t('back')}
            </a>
            <h1>{t('title', { name: report?.scenario.name ?? '…' })}</h1>
          </div>
          <span className="spacer" />
          {canOpen && (
            <button type="button" className="btn-secondary" onClick={() => navigate({ name: 'editor', id })}>
              {t('openEditor')}
            </button>
          )}
        </div>

        <form className="an-filter" onSubmit={(e) => e.preventDefault()} aria-label={t('period')}>
          <label>
            {t('version')}
            <select
              value={filter.version ?? ''}
              onChange={(e) => update({ version: e.target.value ? Number(e.target.value) : undefined })}
              data-testid="report-version"
            >
              <option value="">{t('allVersions')}</option>
              {report?.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {t('versionOption', { v: v.version, date: formatDayMonth(v.publishedAt), days: v.conversionWindowDays })}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="an-period">
            <legend>{t('period')}</legend>
            <label>
              {t('from')} <input type="date" value={filter.from ?? ''} onChange={(e) => update({ from: e.target.value || undefined })} data-testid="report-from" />
            </label>
            <label>
              {t('to')} <input type="date" value={filter.to ?? ''} onChange={(e) => update({ to: e.target.value || undefined })} data-testid="report-to" />
            </label>
            {[7, 30, 90].map((days) => (
              <button key={days} type="button" className="btn-ghost small" onClick={() => update(daysBack(days))}>
                {t(`last${days}` as 'last7')}
              </button>
            ))}
            <button type="button" className="btn-ghost small" onClick={() => update({ from: undefined, to: undefined })}>
              {t('allTime')}
            </button>
          </fieldset>
        </form>

        {error && (
          <p className="an-error" role="alert">
            {t('loadFailed', { error })}
          </p>
        )}
        {!report && !error && <p className="an-muted" aria-busy="true">{t('loading')}</p>}
        {report && (
          <>
            <div className="an-card-head">
              <span className="spacer" />
              <ExportLinks label={t('exportSummary')} href={tableHref('summary')} testId="export-summary" />
            </div>
            <KpiTiles totals={report.totals} />
            {report.totals.entered === 0 && <p className="an-muted">{t('noRuns')}</p>}

            <section className="an-card" aria-labelledby="funnel-title">
              <div className="an-card-head">
                <h2 id="funnel-title">{t('funnel')}</h2>
                <span className="an-muted">{t('funnelHint')}</span>
                <span className="spacer" />
                <ExportLinks label={t('exportFunnel')} href={tableHref('funnel')} testId="export-funnel" />
              </div>
              {report.canvas ? <FunnelCanvas document={report.canvas.document} funnel={report.funnel} /> : <p className="an-muted">{t('funnelNoCanvas')}</p>}
            </section>

            <div className="an-charts">
              <section className="an-card">
                <DailyChart daily={report.daily} />
                <ExportLinks label={t('exportDaily')} href={tableHref('daily')} testId="export-daily" />
              </section>
              <section className="an-card">
                <ChannelChart channels={report.channels} />
                <ExportLinks label={t('exportChannels')} href={tableHref('channels')} testId="export-channels" />
              </section>
            </div>

            {report.control && <ScenarioControlPanel control={report.control} />}

            {ab && <AbPanel scenarioId={id} ab={ab} mde={mde} onMde={setMde} exportHref={(format) => exportUrl(id, 'ab', filter, format, { mde })} />}

            <details className="an-method">
              <summary>{t('assumptions')}</summary>
              <ul>
                {report.assumptions.map((a) => (
                  <li key={a.en}>{a[lang]}</li>
                ))}
              </ul>
            </details>
          </>
        )}
      </main>
    </div>
  );
}
