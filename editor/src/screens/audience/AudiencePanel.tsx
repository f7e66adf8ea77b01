import { useState } from 'react';
import { CHANNELS, type Channel } from '../../../../shared/scenario/schema';
import { CHANNEL_NAMES } from '../../../../shared/i18n';
import { nodeTitle } from '../../document/ports';
import { formatShortDateTime } from '../../i18n/format';
import { useT } from '../../i18n';
import { useEditor } from '../../store/editor';
import { count, rub } from './format';
import { OverlapBlock } from './OverlapBlock';
import { PricesEditor } from './PricesEditor';
import { useOverlapT } from './texts';
import { useAudience } from './store';
import type { ChannelCounts } from '../../../../shared/api/audience';
import './audience.css';

/** Who would enter now, how they can be reached, and what one run would cost — with the assumptions spelled out. */
export function AudiencePanel() {
  const { t, lang } = useT();
  const { t: o } = useOverlapT();
  const { report, pending, error, canEditPrices, refresh } = useAudience();
  const doc = useEditor((s) => s.doc);
  const focusNode = useEditor((s) => s.focusNode);
  const [editingPrices, setEditingPrices] = useState(false);
  const title = (id: string) => {
    const node = doc.nodes.find((n) => n.id === id);
    return node ? nodeTitle(node, lang) : id;
  };

  return (
    <section className="audience-panel" aria-labelledby="audience-title" aria-busy={pending} data-testid="audience-panel">
      <header>
        <h3 id="audience-title">{t('audience.title')}</h3>
        <button type="button" className="btn-ghost small" onClick={refresh} disabled={pending}>
          {pending ? t('audience.counting') : t('audience.refresh')}
        </button>
      </header>
      {error && <p className="field-error">{t('audience.failed')}: {error}</p>}
      {report && !report.available && <p className="form-hint">{report.reason}</p>}
      {report?.size && (
        <>
          <p className="audience-big">
            <strong data-testid="audience-entering">{count(report.size.entering)}</strong> {t('audience.entering')}
          </p>
          <dl className="audience-facts">
            <dt>{t('audience.matching')}</dt>
            <dd>{count(report.size.matching)}</dd>
            {report.frequencyLimitNodeId && (
              <>
                <dt>{t('audience.limited')}</dt>
                <dd>{minus(report.size.limited)}</dd>
              </>
            )}
            <dt>{t('audience.inRun')}</dt>
            <dd>{minus(report.size.inRun)}</dd>
            {report.size.control > 0 && (
              <>
                <dt>{o('control')}</dt>
                <dd data-testid="audience-control">{minus(report.size.control)}</dd>
              </>
            )}
            {report.size.exclusive > 0 && (
              <>
                <dt>{o('exclusive')}</dt>
                <dd data-testid="audience-exclusive">{minus(report.size.exclusive)}</dd>
              </>
            )}
          </dl>
          <OverlapBlock report={report} />
          {report.firstMessage && (
            <div className="audience-first">
              <h4>
                {t('audience.firstMessage')}{' '}
                <button type="button" className="link" onClick={() => focusNode(report.firstMessage!.nodeId)}>
                  {title(report.firstMessage.nodeId)}
                </button>
              </h4>
              <ChannelBar counts={report.firstMessage.channels} />
            </div>
          )}
          <p className="form-hint">{t('audience.computedAt', { at: formatShortDateTime(report.computedAt, doc.settings.timezone) })}</p>
        </>
      )}
      {report?.cost && (
        <div className="cost" data-testid="cost-estimate">
          <h3>{t('cost.title')}</h3>
          <table className="cost-table">
            <thead>
              <tr>
                <th scope="col">{t('cost.channel')}</th>
                <th scope="col">{t('cost.messages')}</th>
                <th scope="col">{t('cost.sum')}</th>
              </tr>
            </thead>
            <tbody>
              {CHANNELS.filter((c) => report.cost!.byChannel[c].messages > 0).map((c) => (
                <tr key={c} data-channel={c}>
                  <th scope="row">{CHANNEL_NAMES[c][lang]}</th>
                  <td>
                    {count(report.cost!.byChannel[c].messages)}
                    {c === 'sms' && report.cost!.byChannel.sms.segments > report.cost!.byChannel.sms.messages
                      ? ` (${t('cost.segments', { n: count(report.cost!.byChannel.sms.segments) })})`
                      : ''}
                  </td>
                  <td>{rub(report.cost!.byChannel[c].cost)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('cost.total')}</th>
                <td />
                <td data-testid="cost-total">{rub(report.cost.total)}</td>
              </tr>
            </tfoot>
          </table>
          <p className="cost-per">
            {t('cost.perCustomer', { sum: rub(report.cost.perCustomer) })}
            {report.cost.bonusPoints > 0 && <> · {t('cost.bonus', { n: count(report.cost.bonusPoints) })}</>}
          </p>
          {report.cost.messages.length > 0 && (
            <details className="cost-messages">
              <summary>{t('cost.byMessage', { n: report.cost.messages.length })}</summary>
              <ol>
                {report.cost.messages.map((m) => (
                  <li key={m.nodeId}>
                    <button type="button" className="link" onClick={() => focusNode(m.nodeId)}>
                      {title(m.nodeId)}
                    </button>
                    {m.share < 0.999 && <span className="muted"> · {t('cost.share', { pct: Math.round(m.share * 100) })}</span>}
                    {m.smsSegments > 1 && <span className="muted"> · {t('cost.smsSegments', { n: m.smsSegments })}</span>}
                    <span className="cost-line">
                      <ChannelBar counts={m.recipients} compact /> <strong>{rub(m.cost)}</strong>
                    </span>
                  </li>
                ))}
              </ol>
            </details>
          )}
          <p className="cost-assumptions">
            {t('cost.assumptions', {
              sms: rub(report.cost.prices.smsPerSegment),
              others: (['email', 'telegram', 'push'] as const).map((c) => `${CHANNEL_NAMES[c][lang]} ${report.cost!.prices[c] > 0 ? rub(report.cost!.prices[c]) : t('cost.free')}`).join(', '),
            })}
          </p>
          {canEditPrices &&
            (editingPrices ? (
              <PricesEditor
                initial={report.cost.prices}
                onDone={(saved) => {
                  setEditingPrices(false);
                  if (saved) refresh();
                }}
              />
            ) : (
              <button type="button" className="btn-ghost small" onClick={() => setEditingPrices(true)}>
                {t('cost.editPrices')}
              </button>
            ))}
        </div>
      )}
    </section>
  );
}

/** Customers taken away from the matching ones: «−12», or a plain «0». */
function minus(n: number): string {
  return n > 0 ? `−${count(n)}` : '0';
}

/** Recipients by channel as short labelled counts; `none` are the customers no channel reaches. */
function ChannelBar({ counts, compact }: { counts: ChannelCounts; compact?: boolean }) {
  const { t, lang } = useT();
  const shown = ([...CHANNELS, 'none'] as Array<Channel | 'none'>).filter((c) => counts[c] >= 0.5);
  if (shown.length === 0) return <span className="muted">{t('audience.nobody')}</span>;
  return (
    <span className={`channel-bar${compact ? ' compact' : ''}`}>
      {shown.map((c) => (
        <span key={c} className={`channel-count ch-${c}`} data-channel={c}>
          {c === 'none' ? t('audience.unreachable') : CHANNEL_NAMES[c][lang]} {count(counts[c])}
        </span>
      ))}
    </span>
  );
}
