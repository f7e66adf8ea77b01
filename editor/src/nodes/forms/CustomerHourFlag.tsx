import type { MessageConfig } from '../../../../shared/scenario/nodes/message';
import type { ScenarioDocument } from '../../../../shared/scenario/schema';
import { triggerHour, triggerOf } from '../../document/trigger';
import { useTimingT } from './timingTexts';

/** «Отправить в обычный час покупок клиента» on send and reminder, with the fallback said plainly. */
export function CustomerHourFlag<C extends MessageConfig>({ config, onChange, doc }: { config: C; onChange(config: C): void; doc: ScenarioDocument }) {
  const { t } = useTimingT();
  const trigger = triggerOf(doc);
  const at = triggerHour(trigger);
  // Event triggers (and hourly points expiry) have no hour of their own: the runtime uses the hour of entry.
  const hint = trigger && at === null ? t('customerHourHintEntry') : t('customerHourHint', { at: at ?? '—' });
  return (
    <div className="service-flag">
      <label className="check block">
        <input type="checkbox" checked={!!config.atCustomerHour} onChange={(e) => onChange({ ...config, atCustomerHour: e.target.checked || undefined })} aria-describedby="customer-hour-hint" />
        {t('customerHour')}
      </label>
      <p id="customer-hour-hint" className="field-hint">
        {hint}
      </p>
    </div>
  );
}
