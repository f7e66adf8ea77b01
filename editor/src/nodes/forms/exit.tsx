import { useT } from '../../i18n';
import type { NodeFormProps } from './types';

export function ExitForm(_: NodeFormProps<'exit'>) {
  const { t } = useT();
  return <p className="form-hint">{t('form.exit.hint')}</p>;
}
