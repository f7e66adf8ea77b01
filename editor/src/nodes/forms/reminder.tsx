import { MessageEditor } from '../../messages/MessageEditor';
import { useT } from '../../i18n';
import type { NodeFormProps } from './types';

export function ReminderForm(props: NodeFormProps<'reminder'>) {
  const { t } = useT();
  return (
    <>
      <p className="form-hint">{t('message.reminderHint')}</p>
      <MessageEditor {...props} />
    </>
  );
}
