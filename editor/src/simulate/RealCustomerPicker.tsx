import { useEffect, useState } from 'react';
import type { AudienceSample } from '../../../shared/api/audience';
import { api } from '../api/http';
import { formatDayMonth } from '../i18n/format';
import { useT } from '../i18n';
import { useEditor } from '../store/editor';
import { realCustomerName, type RealCustomer } from './realCustomers';
import { useSimulation } from './store';
import './realCustomers.css';

const SEARCH_DEBOUNCE_MS = 300;

/**
 * Picks customers from the database for the simulation: the audience by default, anyone by name, phone or email
 * (GET /api/scenarios/{id}/audience/sample, server/api/routes/audience.ts).
 */
export function RealCustomerPicker() {
  const { t } = useT();
  const scenarioId = useEditor((s) => s.scenarioId);
  const { real, set } = useSimulation();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<RealCustomer[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!scenarioId) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      const query = new URLSearchParams({ limit: '8', ...(q.trim() ? { q: q.trim() } : {}) });
      api<AudienceSample>('GET', `/api/scenarios/${scenarioId}/audience/sample?${query}`)
        .then((r) => !cancelled && (setFound(r.customers), setError(null)))
        .catch((e: unknown) => !cancelled && (setFound([]), setError(e instanceof Error ? e.message : String(e))));
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [scenarioId, q]);

  if (!scenarioId) return <p className="form-hint">{t('sim.real.unsaved')}</p>;
  const chosen = new Set(real.map((r) => r.customer.id));
  return (
    <div className="real-picker">
      <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('sim.real.search')} aria-label={t('sim.real.search')} />
      <p className="form-hint">{t('sim.real.hint')}</p>
      {error && <p className="field-error">{t('sim.real.failed', { error })}</p>}
      {found && found.length === 0 && !error && <p className="muted">{t('sim.real.none')}</p>}
      {found && found.length > 0 && (
        <ul className="real-list" aria-label={t('sim.real.title')}>
          {found.map((r) => (
            <li key={r.customer.id} data-customer-id={r.customer.id}>
              <div>
                <strong>{realCustomerName(r)}</strong>
                {r.customer.city && <span className="muted"> · {r.customer.city}</span>}
                <div className="muted small">
                  <span className={r.matches ? 'tag-in' : 'tag-out'}>{r.matches ? t('sim.real.inAudience') : t('sim.real.notInAudience')}</span> ·{' '}
                  {r.stats.lastOrderAt ? t('sim.real.orders', { n: r.stats.orderCount, date: formatDayMonth(r.stats.lastOrderAt) }) : t('sim.real.noOrders')}
                </div>
              </div>
              {chosen.has(r.customer.id) ? (
                <button type="button" className="btn-ghost small" onClick={() => set({ real: real.filter((x) => x.customer.id !== r.customer.id) })}>
                  {t('sim.real.remove')}
                </button>
              ) : (
                <button type="button" className="btn-secondary small" aria-label={`${t('sim.real.add')}: ${realCustomerName(r)}`} onClick={() => set({ real: [...real, r] })}>
                  {t('sim.real.add')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
