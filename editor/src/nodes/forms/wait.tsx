import { NODE_SPECS } from '../../../../shared/scenario/schema';
import { Field, NumberInput } from '../../ui/fields';
import { useT } from '../../i18n';
import type { NodeFormProps } from './types';

export function WaitForm({ config, onChange }: NodeFormProps<'wait'>) {
  const { t, lang } = useT();
  return (
    <>
      <div className="field-row">
        <Field label={t('form.wait.days')}>{(id) => <NumberInput id={id} min={0} max={365} value={config.days} onChange={(days) => onChange({ ...config, days: days ?? 0 }, 'days')} />}</Field>
        <Field label={t('form.wait.hours')}>
          {(id) => <NumberInput id={id} min={0} max={23} optional value={config.hours} onChange={(hours) => onChange({ ...config, hours: hours || undefined }, 'hours')} />}
        </Field>
      </div>
      <p className="form-hint">{t('form.wait.total', { text: NODE_SPECS.wait.summary(config, lang) })}</p>
    </>
  );
}
