import { NODE_SPECS } from '../../../../shared/scenario/schema';
import { Field, NumberInput, TimeInput } from '../../ui/fields';
import { useTriggerT } from './triggerTexts';
import type { NodeFormProps } from './types';

export function BirthdayTriggerForm({ config, onChange, doc }: NodeFormProps<'birthdayTrigger'>) {
  const { t, lang } = useTriggerT();
  return (
    <>
      <div className="field-row">
        <Field label={t('daysBefore')} hint={t('daysBeforeHint')}>
          {(id) => <NumberInput id={id} min={0} max={60} value={config.daysBefore} onChange={(daysBefore) => daysBefore !== undefined && onChange({ ...config, daysBefore }, 'daysBefore')} />}
        </Field>
        <Field label={t('startAt')} hint={t('checkAtHint', { zone: doc.settings.timezone })}>
          {(id) => <TimeInput id={id} value={config.at} onChange={(at) => onChange({ ...config, at }, 'at')} />}
        </Field>
      </div>
      <p className="form-hint">{t('summary', { text: NODE_SPECS.birthdayTrigger.summary(config, lang) })}</p>
      <p className="form-hint trigger-note">{t('birthdayNote')}</p>
    </>
  );
}
