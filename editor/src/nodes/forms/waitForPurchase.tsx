import { NODE_SPECS } from '../../../../shared/scenario/schema';
import { Field, NumberInput } from '../../ui/fields';
import { useTriggerT } from './triggerTexts';
import type { NodeFormProps } from './types';

export function WaitForPurchaseForm({ config, onChange }: NodeFormProps<'waitForPurchase'>) {
  const { t, lang } = useTriggerT();
  return (
    <>
      <div className="field-row">
        <Field label={t('waitDays')}>
          {(id) => <NumberInput id={id} min={0} max={365} value={config.days} onChange={(days) => onChange({ ...config, days: days ?? 0 }, 'days')} />}
        </Field>
        <Field label={t('waitHours')}>
          {(id) => <NumberInput id={id} min={0} max={23} optional value={config.hours} onChange={(hours) => onChange({ ...config, hours: hours || undefined }, 'hours')} />}
        </Field>
      </div>
      <Field label={t('purchaseFrom')} hint={t('anyOrder')}>
        {(id) => <NumberInput id={id} min={0} optional integer={false} value={config.minAmount} onChange={(minAmount) => onChange({ ...config, minAmount: minAmount || undefined }, 'minAmount')} />}
      </Field>
      <p className="form-hint">{t('summary', { text: NODE_SPECS.waitForPurchase.summary(config, lang) })}</p>
      <p className="form-hint trigger-note timing">{t('exits')}</p>
      <p className="form-hint trigger-note timing">{t('noStop')}</p>
    </>
  );
}
