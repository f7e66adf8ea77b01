import { MessageEditor } from '../../messages/MessageEditor';
import { useT } from '../../i18n';
import { CustomerHourFlag } from './CustomerHourFlag';
import { ServiceFlag } from './ServiceFlag';
import type { NodeFormProps } from './types';

export function ReminderForm(props: NodeFormProps<'reminder'>) {
  const { t } = useT();
  return (
    <>
      <p className="form-hint">{t('message.reminderHint')}</p>
      <MessageEditor {...props} />
      <ServiceFlag config={props.config} onChange={(config) => props.onChange(config)} />
      <CustomerHourFlag config={props.config} doc={props.doc} onChange={(config) => props.onChange(config)} />
    </>
  );
}
