import { Field } from '../../ui/fields';
import { useT } from '../../i18n';
import type { NodeFormProps } from './types';

export function DailyTriggerForm({ config, onChange, doc }: NodeFormProps<'dailyTrigger'>) {
  const { t } = useT();
  return (
    <Field label={t('form.trigger.at')} hint={`${t('form.trigger.hint')} (${doc.settings.timezone})`}>
      {(id) => <input id={id} type="time" value={config.at} onChange={(e) => e.target.value && onChange({ at: e.target.value }, 'at')} />}
    </Field>
  );
}
