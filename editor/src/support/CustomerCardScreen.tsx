import { useCallback, useEffect, useState } from 'react';
import { CHANNEL_NAMES } from '../../../shared/i18n';
import { NODE_SPECS } from '../../../shared/scenario/schema';
import type { SessionUser } from '../api/auth';
import { ApiError } from '../api/http';
import { useT } from '../i18n';
import { formatDateTime, formatNumber } from '../i18n/format';
import { navigate } from '../router';
import { toast } from '../ui/toast';
import { CHANNEL_ORDER, earlierResend, getCustomer, resendMessage, unsubscribe, type Channel, type CustomerCard, type Resend } from './api';
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog';
import { formatDate, formatMoney, formatPhone } from './format';
import { RunVersions } from './RunVersions';
import { runStatusLabel } from './labels';
import { lastSearch } from './CustomerSearchScreen';
import { SupportPage } from './SupportPage';
import { CardPolicy } from './CardPolicy';
import { CardProfile } from './CardProfile';

/** Everything about one customer that explains what the scenarios did to them, and what support can change. */
export function CustomerCardScreen({ user, onLogout, id }: { user: SessionUser; onLogout(): void; id: string }) {
  const { t, lang } = useT();
  const [card, setCard] = useState<CustomerCard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  /** Failed messages resent from this page (or found to be resent already), by the failed message's id. */
  const [resends, setResends] = useState<Record<number, Resend>>({});

  const reload = useCallback(() => {
    getCustomer(id)
      .then((c) => {
        setCard(c);
        setError(null);
      })
      .catch((e) => setError(e instanceof ApiError && e.status === 404 ? t('support.card.notFound') : e instanceof Error ? e.message : String(e)));
  }, [id, t]);
  useEffect(reload, [reload]);

  const fail = (e: unknown) => toast(e instanceof Error ? e.message : String(e), 'error');

  const askUnsubscribe = (channel: Channel) =>
    setConfirm({
      title: t('support.card.unsubscribeTitle', { channel: CHANNEL_NAMES[channel][lang] }),
      text: t('support.card.unsubscribeText'),
      confirm: t('support.card.unsubscribe'),
      danger: true,
      onConfirm: () =>
        unsubscribe(id, channel)
          .then(() => toast(t('support.card.unsubscribed', { channel: CHANNEL_NAMES[channel][lang] }), 'success'))
          .then(reload, fail),
    });

  const resend = (messageId: number) =>
    setConfirm({
      title: t('support.card.resendTitle'),
      text: t('support.card.resendText'),
      confirm: t('support.card.resend'),
      onConfirm: () =>
        resendMessage(messageId)
          .then(
            (r) => {
              setResends((all) => ({ ...all, [messageId]: { messageId: r.messageId, status: r.status } }));
              toast(r.status === 'failed' ? t('support.card.resendFailed', { error: r.error ?? '' }) : t('support.card.resent'), r.status === 'failed' ? 'error' : 'success');
            },
            (e) => {
              // Resent before (another tab, a colleague, a double click): not an error, just show that resend.
              const earlier = earlierResend(e);
              if (!earlier) throw e;
              setResends((all) => ({ ...all, [messageId]: earlier }));
              toast(t('support.card.alreadyResent', { status: t(`support.msgStatus.${earlier.status}`) }), 'info');
            },
          )
          .then(reload, fail),
    });

  if (error)
    return (
      <SupportPage user={user} onLogout={onLogout}>
        <BackToSearch />
        <div className="empty-state" role="alert">
          {error}
        </div>
      </SupportPage>
    );
  if (!card)
    return (
      <SupportPage user={user} onLogout={onLogout}>
        <div className="muted">{t('support.loading')}</div>
      </SupportPage>
    );

  const { customer: c, stats, bonus } = card;
  const contact: Record<Channel, string | null> = { sms: formatPhone(c.phone) || null, email: c.email, telegram: c.telegramChatId, push: c.pushToken ? t('support.card.pushToken') : null };

  return (
    <SupportPage user={user} onLogout={onLogout} wide>
      <BackToSearch />
      <div className="desk-title">
        <h1>{c.name || t('support.customers.noName')}</h1>
        {c.cardType === 'vip' && <span className="pill pill-vip">VIP</span>}
        <span className="muted">ID {c.id}</span>
      </div>

      <div className="desk-grid">
        <section className="desk-card">
          <h2>{t('support.card.contacts')}</h2>
          <ul className="desk-channels">
            {CHANNEL_ORDER.map((ch) => (
              <li key={ch} data-channel={ch}>
                <span className="desk-channel-name">{CHANNEL_NAMES[ch][lang]}</span>
                <span className="desk-channel-contact">{contact[ch] ?? <span className="muted">{t('support.card.noContact')}</span>}</span>
                {c.subscriptions[ch] ? (
                  <>
                    <span className="pill pill-good">{t('support.card.subscribed')}</span>
                    <button type="button" className="btn-ghost small danger" onClick={() => askUnsubscribe(ch)}>
                      {t('support.card.unsubscribe')}
                    </button>
                  </>
                ) : (
                  <span className="pill pill-muted">{t('support.card.notSubscribed')}</span>
                )}
              </li>
            ))}
          </ul>
          <dl className="desk-facts">
            <dt>{t('support.card.city')}</dt>
            <dd>{c.city ?? t('common.none')}</dd>
            <dt>{t('support.card.registered')}</dt>
            <dd>{formatDate(c.registeredAt)}</dd>
            <dt>{t('support.card.timezone')}</dt>
            <dd>{c.timezone ?? t('support.card.timezoneDefault')}</dd>
            <dt>{t('support.card.birthday')}</dt>
            <dd>{c.birthDate ? c.birthDate.split('-').reverse().join('.') : t('common.none')}</dd>
          </dl>
        </section>

        <section className="desk-card">
          <h2>{t('support.card.stats')}</h2>
          <div className="desk-kpis">
            <Kpi label={t('support.card.orders')} value={formatNumber(stats.orderCount)} />
            <Kpi label={t('support.card.spent')} value={formatMoney(stats.totalSpent)} />
            <Kpi label={t('support.card.avgCheck')} value={stats.avgCheck === null ? t('common.none') : formatMoney(Math.round(stats.avgCheck))} />
            <Kpi label={t('support.card.lastOrder')} value={stats.lastOrderAt ? formatDate(stats.lastOrderAt) : t('common.none')} />
          </div>
          <dl className="desk-facts">
            <dt>{t('support.card.interval')}</dt>
            <dd>{stats.avgDaysBetweenOrders === null ? t('common.none') : t('support.card.everyDays', { n: Math.round(stats.avgDaysBetweenOrders) })}</dd>
            <dt>{t('support.card.favorite')}</dt>
            <dd>{stats.favoriteCategory ?? t('common.none')}</dd>
          </dl>
        </section>

        <section className="desk-card">
          <h2>{t('support.card.bonus')}</h2>
          <div className="desk-kpis">
            <Kpi label={t('support.card.balance')} value={t('support.card.points', { n: bonus.balance })} />
          </div>
          {bonus.expiring.length > 0 && (
            <ul className="desk-plain">
              {bonus.expiring.map((g) => (
                <li key={g.grantId}>
                  {g.expiresAt ? t('support.card.expires', { n: g.remaining, date: formatDate(g.expiresAt) }) : t('support.card.noExpiry', { n: g.remaining })}
                </li>
              ))}
            </ul>
          )}
        </section>

        <CardProfile card={card} />
      </div>

      <CardPolicy card={card} />

      <section className="desk-section">
        <h2>{t('support.card.runs')}</h2>
        {card.runs.length === 0 ? (
          <div className="empty-state small">{t('support.card.noRuns')}</div>
        ) : (
          <table className="data-table desk-table">
            <thead>
              <tr>
                <th>{t('support.runs.col.scenario')}</th>
                <th>{t('support.runs.col.status')}</th>
                <th>{t('support.runs.col.variant')}</th>
                <th>{t('support.runs.col.entered')}</th>
                <th>{t('support.runs.col.where')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {card.runs.map((r) => (
                <tr key={r.id} data-run-id={r.id}>
                  <td>
                    <strong>{r.scenarioName}</strong> <RunVersions run={r} muted />
                  </td>
                  <td>
                    <span className={`status run-${r.status}`}>{runStatusLabel(t, r.status)}</span>
                  </td>
                  <td>{r.variant ?? t('common.none')}</td>
                  <td className="muted nowrap">{formatDateTime(r.enteredAt)}</td>
                  <td className="muted">{r.status === 'running' ? (r.currentNode ? r.currentNode.label || NODE_SPECS[r.currentNode.type].label[lang] : r.currentNodeId) : r.endReason}</td>
                  <td className="row-actions">
                    <a
                      href={`/runs/${encodeURIComponent(r.id)}`}
                      className="btn-secondary small"
                      onClick={(e) => {
                        e.preventDefault();
                        navigate({ name: 'run', id: r.id });
                      }}
                    >
                      {t('support.card.openRun')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <ConsentHistory entries={card.consent} />

      <div className="desk-columns">
        <section className="desk-section">
          <h2>{t('support.card.messages')}</h2>
          {card.messages.length === 0 ? (
            <div className="empty-state small">{t('support.card.noMessages')}</div>
          ) : (
            <ul className="desk-messages">
              {card.messages.map((m) => (
                <li key={m.id} className={`desk-message msg-${m.status}`}>
                  <div className="desk-message-head">
                    <span className="desk-channel-name">{CHANNEL_NAMES[m.channel][lang]}</span>
                    <span className={`pill msg-status-${m.status}`}>{t(`support.msgStatus.${m.status}`)}</span>
                    <span className="muted small">{formatDateTime(m.sentAt ?? m.createdAt)}</span>
                    <span className="spacer" />
                    <span className="muted small">{formatMoney(m.cost)}{m.segments ? ` · ${t('support.card.segments', { n: m.segments })}` : ''}</span>
                  </div>
                  {m.subject && <div className="tl-subject">{m.subject}</div>}
                  <div className="tl-message-text">{m.text}</div>
                  {m.error && <div className="desk-error small">{m.error}</div>}
                  {m.status === 'failed' &&
                    (resends[m.id] ? (
                      <div className="muted small">
                        {t('support.card.alreadyResent', { status: t(`support.msgStatus.${resends[m.id].status}`) })}
                      </div>
                    ) : (
                      <button type="button" className="btn-secondary small" onClick={() => resend(m.id)}>
                        {t('support.card.resend')}
                      </button>
                    ))}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="desk-section">
          <h2>{t('support.card.ordersTitle')}</h2>
          {card.orders.length === 0 ? (
            <div className="empty-state small">{t('support.card.noOrders')}</div>
          ) : (
            <table className="data-table desk-table compact">
              <tbody>
                {card.orders.map((o) => (
                  <tr key={o.id}>
                    <td className="nowrap muted">{formatDateTime(o.placedAt)}</td>
                    <td>
                      {o.items.map((i) => `${i.name}${i.qty !== 1 ? ` × ${formatNumber(i.qty)}` : ''}`).join(', ') || o.id}
                      {o.bonusSpent > 0 && <div className="muted small">{t('support.card.bonusSpent', { n: o.bonusSpent })}</div>}
                    </td>
                    <td className="num nowrap">{formatMoney(o.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2>{t('support.card.ledger')}</h2>
          {bonus.ledger.length === 0 ? (
            <div className="empty-state small">{t('support.card.noLedger')}</div>
          ) : (
            <table className="data-table desk-table compact">
              <tbody>
                {bonus.ledger.map((l) => (
                  <tr key={l.id}>
                    <td className="nowrap muted">{formatDateTime(l.at)}</td>
                    <td>
                      {t(`support.ledger.${l.kind}`)}
                      {l.reason && <div className="muted small">{l.reason}</div>}
                      {l.expiresAt && <div className="muted small">{t('support.card.until', { date: formatDate(l.expiresAt) })}</div>}
                    </td>
                    <td className={l.points > 0 ? 'num good' : 'num bad'}>{l.points > 0 ? `+${l.points}` : l.points}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2>{t('support.card.tasks')}</h2>
          {card.tasks.length === 0 ? (
            <div className="empty-state small">{t('support.card.noTasks')}</div>
          ) : (
            <ul className="desk-plain">
              {card.tasks.map((task) => (
                <li key={task.id}>
                  <span className={`pill task-${task.status}`}>{t(`support.taskStatus.${task.status}`)}</span> {task.text}
                  {task.outcome && <div className="muted small">{t('support.tasks.outcome')}: {task.outcome}</div>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {confirm && <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />}
    </SupportPage>
  );
}

/** Who or what changed each consent and when, newest first; dates in the shop's zone (Moscow). */
function ConsentHistory({ entries }: { entries: CustomerCard['consent'] }) {
  const { t, lang } = useT();
  return (
    <section className="desk-section" data-testid="consent-history">
      <h2>{t('support.card.consentHistory')}</h2>
      {entries.length === 0 ? (
        <div className="empty-state small">{t('support.card.noConsentHistory')}</div>
      ) : (
        <table className="data-table desk-table compact">
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-channel={e.channel}>
                <td className="nowrap muted">{formatDateTime(e.at)}</td>
                <td className="nowrap">{CHANNEL_NAMES[e.channel][lang]}</td>
                <td>
                  <span className={`pill ${e.subscribed ? 'pill-good' : 'pill-muted'}`}>{t(e.subscribed ? 'support.consent.subscribed' : 'support.consent.unsubscribed')}</span>
                </td>
                <td>
                  {t(`support.consent.source.${e.source}`)}
                  {e.actor && <span className="muted"> · {e.actor.kind === 'user' ? e.actor.name : t('support.consent.token', { name: e.actor.name })}</span>}
                  {e.reason && <div className="muted small">{e.reason}</div>}
                  {e.consentAt && <div className="muted small">{t('support.consent.consentAt', { date: formatDateTime(e.consentAt) })}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <div className="desk-kpi">
      <div className="desk-kpi-value">{value}</div>
      <div className="desk-kpi-label">{label}</div>
    </div>
  );
}

export function BackToSearch() {
  const { t } = useT();
  const q = lastSearch();
  return (
    <a
      href={q ? `/customers?q=${encodeURIComponent(q)}` : '/customers'}
      className="desk-back"
      onClick={(e) => {
        e.preventDefault();
        navigate({ name: 'customers', q });
      }}
    >
      ← {t('support.customers.title')}
    </a>
  );
}

