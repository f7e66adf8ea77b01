import { Field, NumberInput, Segmented } from '../../ui/fields';
import { useT } from '../../i18n';
import type { NodeFormProps } from './types';

export function FrequencyLimitForm({ config, onChange }: NodeFormProps<'frequencyLimit'>) {
  const { t } = useT();
  return (
    <>
      <Field label={t('form.limit.count')}>
        {() => (
          <Segmented
            ariaLabel={t('form.limit.count')}
            value={config.count}
            onChange={(count) => onChange({ ...config, count })}
            options={[
              { value: 'entries', label: t('form.limit.entries') },
              { value: 'messages', label: t('form.limit.messages') },
            ]}
          />
        )}
      </Field>
      <Field label={t('form.limit.scope')}>
        {() => (
          <Segmented
            ariaLabel={t('form.limit.scope')}
            value={config.scope}
            onChange={(scope) => onChange({ ...config, scope })}
            options={[
              { value: 'scenario', label: t('form.limit.scenario') },
              { value: 'all', label: t('form.limit.all') },
            ]}
          />
        )}
      </Field>
      <div className="field-row">
        <Field label={t('form.limit.max')}>{(id) => <NumberInput id={id} min={1} max={1000} value={config.max} onChange={(max) => max !== undefined && onChange({ ...config, max }, 'max')} />}</Field>
        <Field label={t('form.limit.period')}>
          {(id) => <NumberInput id={id} min={1} max={3650} value={config.periodDays} onChange={(periodDays) => periodDays !== undefined && onChange({ ...config, periodDays }, 'period')} />}
        </Field>
      </div>
    </>
  );
}
