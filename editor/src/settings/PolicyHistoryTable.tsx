import { formatDateTime } from '../i18n/format';
import type { Policy } from './api';
import { policyShort } from './policyForm';
import { usePolicyT } from './texts';

/** Every saved version, newest first, each in one line of words. */
export function PolicyHistoryTable({ versions, error, current }: { versions: Policy[] | null; error: string | null; current: number }) {
  const { t, lang } = usePolicyT();
  return (
    <section className="policy-history" aria-labelledby="policy-history-head">
      <h2 id="policy-history-head">{t('historyHead')}</h2>
      {error && (
        <div className="banner banner-error" role="alert">
          {t('historyFailed', { error })}
        </div>
      )}
      {versions && versions.length === 0 && <p className="policy-muted">{t('historyEmpty')}</p>}
      {versions && versions.length > 0 && (
        <table className="data-table" data-testid="policy-history">
          <thead>
            <tr>
              <th>{t('historyVersion')}</th>
              <th>{t('historyWhen')}</th>
              <th>{t('historyWho')}</th>
              <th>{t('historyRules')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <td className="policy-history-version">
                  v{v.version}
                  {v.version === current && <span className="chip static policy-current">{t('historyCurrent')}</span>}
                </td>
                <td>{v.updatedAt ? formatDateTime(v.updatedAt) : '—'}</td>
                <td>{v.updatedBy ?? '—'}</td>
                <td>{policyShort(v, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
