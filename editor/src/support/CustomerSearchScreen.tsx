import { useEffect, useRef, useState } from 'react';
import type { SessionUser } from '../api/auth';
import { useT } from '../i18n';
import { formatNumber } from '../i18n/format';
import { navigate } from '../router';
import { searchCustomers, type CustomerHit } from './api';
import { formatDate, formatPhone } from './format';
import { SupportPage } from './SupportPage';

let remembered = '';
/** The last query typed, so "back to customers" from a card shows the same results. */
export const lastSearch = () => remembered || undefined;

/** Support's front door: one box that takes a name, a phone in any writing, an email or a customer id. */
export function CustomerSearchScreen({ user, onLogout, initialQuery }: { user: SessionUser; onLogout(): void; initialQuery?: string }) {
  const { t } = useT();
  const [q, setQ] = useState(initialQuery ?? '');
  const [items, setItems] = useState<CustomerHit[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);

  useEffect(() => {
    const query = q.trim();
    remembered = query;
    // The query lives in the address bar, so Back from a card returns to the same results.
    history.replaceState(null, '', query ? `/customers?q=${encodeURIComponent(query)}` : '/customers');
    if (!query) {
      setItems(null);
      setNext(null);
      return;
    }
    const ticket = ++latest.current;
    const timer = setTimeout(() => {
      setLoading(true);
      searchCustomers(query)
        .then((page) => {
          if (ticket !== latest.current) return;
          setItems(page.items);
          setNext(page.nextCursor);
          setError(null);
        })
        .catch((e) => ticket === latest.current && setError(e instanceof Error ? e.message : String(e)))
        .finally(() => ticket === latest.current && setLoading(false));
    }, 250);
    return () => clearTimeout(timer);
  }, [q]);

  const more = async () => {
    if (!next) return;
    const page = await searchCustomers(q.trim(), next);
    setItems((prev) => [...(prev ?? []), ...page.items]);
    setNext(page.nextCursor);
  };

  return (
    <SupportPage user={user} onLogout={onLogout}>
      <div className="list-head">
        <h1>{t('support.customers.title')}</h1>
      </div>
      <div className="desk-search">
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
          <circle cx="11" cy="11" r="7" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M20 20l-3.5-3.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        <input
          autoFocus
          type="search"
          value={q}
          aria-label={t('support.customers.search')}
          placeholder={t('support.customers.placeholder')}
          onChange={(e) => setQ(e.target.value)}
        />
        {loading && <span className="muted small">{t('support.loading')}</span>}
      </div>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      {items === null && <div className="empty-state">{t('support.customers.hint')}</div>}
      {items && items.length === 0 && <div className="empty-state">{t('support.customers.nothing', { q: q.trim() })}</div>}
      {items && items.length > 0 && (
        <table className="data-table desk-table">
          <thead>
            <tr>
              <th>{t('support.customers.col.customer')}</th>
              <th>{t('support.customers.col.phone')}</th>
              <th>{t('support.customers.col.email')}</th>
              <th>{t('support.customers.col.city')}</th>
              <th className="num">{t('support.customers.col.orders')}</th>
              <th>{t('support.customers.col.lastOrder')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} className="clickable" onClick={() => navigate({ name: 'customer', id: c.id })}>
                <td>
                  <a
                    href={`/customers/${encodeURIComponent(c.id)}`}
                    className="row-link"
                    onClick={(e) => {
                      e.preventDefault();
                      e.stopPropagation();
                      navigate({ name: 'customer', id: c.id });
                    }}
                  >
                    {c.name || t('support.customers.noName')}
                  </a>
                  {c.cardType === 'vip' && <span className="pill pill-vip">VIP</span>}
                  <div className="muted small">ID {c.id}</div>
                </td>
                <td className="nowrap">{formatPhone(c.phone)}</td>
                <td>{c.email}</td>
                <td>{c.city}</td>
                <td className="num">{formatNumber(c.orderCount)}</td>
                <td className="muted">{c.lastOrderAt ? formatDate(c.lastOrderAt) : t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <div className="desk-more">
          <button type="button" className="btn-secondary" onClick={() => void more()}>
            {t('support.more')}
          </button>
        </div>
      )}
    </SupportPage>
  );
}
