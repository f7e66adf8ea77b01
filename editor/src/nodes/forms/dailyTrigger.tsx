import { Field, TimeInput } from '../../ui/fields';
import { useT } from '../../i18n';
import type { NodeFormProps } from './types';

export function DailyTriggerForm({ config, onChange, doc }: NodeFormProps<'dailyTrigger'>) {
  const { t } = useT();
  return (
    <Field label={t('form.trigger.at')} hint={`${t('form.trigger.hint')} (${doc.settings.timezone})`}>
      {(id) => <TimeInput id={id} value={config.at} onChange={(at) => onChange({ at }, 'at')} />}
    </Field>
  );
}
