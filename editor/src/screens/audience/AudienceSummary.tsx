import { useT } from '../../i18n';
import { useEditor } from '../../store/editor';
import { count, rub } from './format';
import { useAudience } from './store';
import { triggerOf } from '../../document/trigger';
import { useTriggerT } from '../../nodes/forms/triggerTexts';
import './audience.css';

/** The top bar's live audience figure; opens the audience filter's panel, where the details are. */
export function AudienceSummary() {
  const { t } = useT();
  const { report, pending, error, byEvents } = useAudience();
  const triggerT = useTriggerT().t;
  const focusNode = useEditor((s) => s.focusNode);
  const select = useEditor((s) => s.select);
  const size = report?.size;
  const label = byEvents
    ? triggerT('byEventChip')
    : error
    ? t('audience.failed')
    : !report
      ? t('audience.counting')
      : size
        ? t('audience.top', { n: count(size.entering) })
        : t('audience.topUnavailable');
  const title = byEvents ? triggerT('byEvent') : report?.cost && size ? t('audience.topTitle', { n: count(size.entering), cost: rub(report.cost.total) }) : (report?.reason ?? error ?? undefined);
  return (
    <button
      type="button"
      className={`audience-chip${pending ? ' is-pending' : ''}${size ? '' : ' is-muted'}`}
      data-testid="audience-summary"
      aria-live="polite"
      aria-busy={pending}
      title={title}
      onClick={() => {
        const trigger = byEvents ? triggerOf(useEditor.getState().doc) : undefined;
        if (trigger) focusNode(trigger.id);
        else if (report?.filterNodeId) focusNode(report.filterNodeId);
        else select([]);
      }}
    >
      <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
        <circle cx="9" cy="8" r="3.5" />
        <path d="M2.5 20c.6-3.6 3.2-5.5 6.5-5.5s5.9 1.9 6.5 5.5" />
        <path d="M16 4.8a3.3 3.3 0 0 1 0 6.4M18 14.8c2 .7 3.2 2.4 3.5 5.2" />
      </svg>
      {label}
      {report?.cost && size ? <span className="audience-chip-cost"> · {rub(report.cost.total)}</span> : null}
    </button>
  );
}
