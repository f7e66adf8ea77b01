import { Field, NumberInput, Segmented } from '../../ui/fields';
import { useT } from '../../i18n';
import type { NodeFormProps } from './types';

export function CheckOrdersForm({ config, onChange }: NodeFormProps<'checkOrders'>) {
  const { t } = useT();
  const mode = config.withinDays === undefined ? 'entry' : 'days';
  return (
    <>
      <Segmented
        ariaLabel={t('form.check.sinceEntry')}
        value={mode}
        onChange={(m) => onChange({ ...config, withinDays: m === 'entry' ? undefined : 30 })}
        options={[
          { value: 'entry', label: t('form.check.sinceEntry') },
          { value: 'days', label: t('form.check.withinDays') },
        ]}
      />
      {mode === 'days' && (
        <Field label={t('form.check.withinDays')}>
          {(id) => <NumberInput id={id} min={1} max={3650} value={config.withinDays} onChange={(withinDays) => withinDays && onChange({ ...config, withinDays }, 'within')} />}
        </Field>
      )}
      <Field label={t('form.check.minAmount')}>
        {(id) => <NumberInput id={id} min={0} optional integer={false} value={config.minAmount} onChange={(minAmount) => onChange({ ...config, minAmount }, 'min')} />}
      </Field>
    </>
  );
}
