import type { MessageConfig } from '../../../../shared/scenario/nodes/message';
import { useScenarioPolicyT } from '../../settings/scenarioTexts';
import '../../settings/scenarioPolicy.css';

/** The «service message» checkbox of send and reminder: exempt from the shop's caps and not counted by them. */
export function ServiceFlag<C extends MessageConfig>({ config, onChange }: { config: C; onChange(config: C): void }) {
  const { t } = useScenarioPolicyT();
  return (
    <div className="service-flag">
      <label className="check block">
        <input type="checkbox" checked={!!config.service} onChange={(e) => onChange({ ...config, service: e.target.checked || undefined })} aria-describedby="service-flag-hint" />
        {t('service')}
      </label>
      <p id="service-flag-hint" className="field-hint">
        {t('serviceHint')}
      </p>
    </div>
  );
}
