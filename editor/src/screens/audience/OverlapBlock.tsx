import { CHANNEL_NAMES } from '../../../../shared/i18n';
import type { AudienceReport } from '../../../../shared/api/audience';
import type { Channel } from '../../../../shared/scenario/schema';
import { count } from './format';
import { useOverlapT } from './texts';

/**
 * «Пересечения»: what the other published scenarios and the shop's communication policy will do to the customers
 * this scenario selects today — the control group, the scenarios of the exclusivity group that hold some of them,
 * the overlap with every other audience, and who has already reached a cap (their messages wait).
 */
export function OverlapBlock({ report }: { report: AudienceReport }) {
  const { t, lang } = useOverlapT();
  const { size, overlap, policy } = report;
  if (!size || !overlap || !policy) return null;
  const base = count(overlap.base);
  const shared = overlap.scenarios.filter((s) => s.customers > 0);
  const pct = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 1 }).format(policy.controlSharePct);
  const capped = policy.caps.filter((c) => c.customers > 0);
  return (
    <div className="audience-overlap" data-testid="audience-overlap">
      <h4>{t('title')}</h4>
      <ul className="overlap-list">
        {size.control > 0 && (
          <li className="overlap-control" data-testid="overlap-control">
            {t('controlLine', { n: count(size.control), pct })}
          </li>
        )}
        {/* A stronger scenario of the group is said once, on its overlap line below, when it is listed there. */}
        {size.exclusiveBy.filter((e) => e.reason === 'running' || !overlap.scenarios.some((s) => s.scenarioId === e.scenarioId)).map((e) => (
          <li key={`${e.scenarioId}:${e.reason}`} className="overlap-held" data-testid="overlap-held">
            {t(e.reason === 'running' ? 'heldRunning' : 'heldPriority', { name: e.name, n: count(e.customers) })}
          </li>
        ))}
        {shared.map((s) => (
          <li key={s.scenarioId} className={s.wins ? 'overlap-wins' : undefined} data-testid="overlap-scenario" data-wins={s.wins}>
            {t(s.wins ? 'wins' : s.sameGroup ? 'loses' : 'parallel', { name: s.name, n: count(s.customers), base })}
            <span className="muted">
              {' '}
              · {t('priority', { p: s.priority })}
              {s.group ? ` · ${t('group', { g: s.group })}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {overlap.scenarios.length === 0 ? (
        <p className="form-hint">{t('noOthers')}</p>
      ) : (
        shared.length === 0 && <p className="form-hint">{t('none')}</p>
      )}
      {overlap.omitted > 0 && <p className="form-hint">{t('omitted', { count: overlap.omitted, n: count(overlap.omitted) })}</p>}
      {policy.caps.length > 0 && (
        <ul className="overlap-list overlap-caps" data-testid="overlap-caps">
          {capped.map((c) => (
            <li key={`${c.channel}:${c.period}`}>
              {t('capLine', {
                n: count(c.customers),
                count: c.customers,
                max: c.max,
                m: c.max,
                channel: c.channel === 'all' ? '' : ` (${CHANNEL_NAMES[c.channel as Channel]?.[lang] ?? c.channel})`,
                period: t(c.period),
              })}
            </li>
          ))}
          {capped.length === 0 && <li className="muted">{t('capNone')}</li>}
          <li className="muted">{t('delay', { days: policy.maxDelayDays })}</li>
        </ul>
      )}
    </div>
  );
}

