import type { MessageConfig } from '../../../../shared/scenario/nodes/message';
import type { ScenarioDocument } from '../../../../shared/scenario/schema';
import { useTimingT } from './timingTexts';

/** «Отправить в обычный час покупок клиента» on send and reminder, with the fallback said plainly. */
export function CustomerHourFlag<C extends MessageConfig>({ config, onChange, doc }: { config: C; onChange(config: C): void; doc: ScenarioDocument }) {
  const { t } = useTimingT();
  const trigger = doc.nodes.find((n) => n.type === 'dailyTrigger');
  const at = trigger?.type === 'dailyTrigger' ? trigger.config.at : '—';
  return (
    <div className="service-flag">
      <label className="check block">
        <input type="checkbox" checked={!!config.atCustomerHour} onChange={(e) => onChange({ ...config, atCustomerHour: e.target.checked || undefined })} aria-describedby="customer-hour-hint" />
        {t('customerHour')}
      </label>
      <p id="customer-hour-hint" className="field-hint">
        {t('customerHourHint', { at })}
      </p>
    </div>
  );
}
