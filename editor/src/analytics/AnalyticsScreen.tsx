import { useEffect, useState } from 'react';
import type { SessionUser } from '../api/auth';
import { listScenarios, type ScenarioSummary } from '../api/scenarios';
import { formatNumber } from '../i18n/format';
import { AppHeader, goTo } from '../ui/AppNav';
import { ProgramSection } from './ProgramSection';
import { useAnalyticsT } from './texts';
import './analytics.css';

/** «Аналитика»: every published scenario with a way into its report, and the program against the control group. */
export function AnalyticsScreen({ user, onLogout }: { user: SessionUser; onLogout(): void }) {
  const { t } = useAnalyticsT();
  const [rows, setRows] = useState<ScenarioSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    listScenarios(true)
      .then((all) => setRows(all.filter((s) => s.currentVersion !== null)))
      .catch((e) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  return (
    <div className="page">
      <AppHeader user={user} onLogout={onLogout} />
      <main className="an-main">
        <div className="list-head">
          <div>
            <h1>{t('indexTitle')}</h1>
            <p className="an-muted">{t('indexSubtitle')}</p>
          </div>
        </div>
        {error && (
          <p className="an-error" role="alert">
            {t('loadFailed', { error })}
          </p>
        )}
        {rows && rows.length === 0 && <p className="an-muted">{t('indexEmpty')}</p>}
        {rows && rows.length > 0 && (
          <ul className="an-index">
            {rows.map((s) => (
              <li key={s.id}>
                <a
                  href={`/scenarios/${s.id}/report`}
                  onClick={(e) => {
                    e.preventDefault();
                    goTo(`/scenarios/${s.id}/report`);
                  }}
                  data-testid={`report-link-${s.id}`}
                >
                  {s.name}
                </a>
                <span className="an-muted">
                  {t('indexVersion', { v: s.currentVersion ?? '' })} · {t('indexCounts', { running: formatNumber(s.counts.inFlight), converted: formatNumber(s.counts.conversions) })}
                </span>
              </li>
            ))}
          </ul>
        )}
        <ProgramSection />
      </main>
    </div>
  );
}
