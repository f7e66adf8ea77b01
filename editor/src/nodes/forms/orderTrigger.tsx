import { NODE_SPECS } from '../../../../shared/scenario/schema';
import { Field, NumberInput } from '../../ui/fields';
import { ReentryField } from './ReentryField';
import { useTriggerT } from './triggerTexts';
import type { NodeFormProps } from './types';

export function OrderTriggerForm({ config, onChange }: NodeFormProps<'orderTrigger'>) {
  const { t, lang } = useTriggerT();
  return (
    <>
      <label className="check block">
        <input type="checkbox" checked={!!config.firstOrder} onChange={(e) => onChange({ ...config, firstOrder: e.target.checked || undefined })} />
        {t('firstOrder')}
      </label>
      <p className="field-hint">{t('firstOrderHint')}</p>
      <Field label={t('minAmount')} hint={t('anyAmount')}>
        {(id) => <NumberInput id={id} min={0} optional integer={false} value={config.minAmount} onChange={(minAmount) => onChange({ ...config, minAmount: minAmount || undefined }, 'minAmount')} />}
      </Field>
      <Field label={t('category')} hint={t('categoryHint')}>
        {(id) => (
          <input
            id={id}
            maxLength={100}
            value={config.category ?? ''}
            onChange={(e) => onChange({ ...config, category: e.target.value.trim() ? e.target.value : undefined }, 'category')}
          />
        )}
      </Field>
      <ReentryField value={config.reentry} onChange={(reentry, key) => onChange({ ...config, reentry }, key)} />
      <p className="form-hint">{t('summary', { text: NODE_SPECS.orderTrigger.summary(config, lang) })}</p>
      <p className="form-hint trigger-note">{t('orderNote')}</p>
    </>
  );
}
