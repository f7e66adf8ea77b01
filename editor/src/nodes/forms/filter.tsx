import { ConditionBuilder } from '../../conditions/ConditionBuilder';
import { useT } from '../../i18n';
import type { NodeFormProps } from './types';

export function FilterForm({ config, onChange }: NodeFormProps<'filter'>) {
  const { t } = useT();
  return (
    <>
      <p className="form-hint">{t('form.filter.hint')}</p>
      <ConditionBuilder value={config.condition} onChange={(condition) => onChange({ condition }, 'condition')} />
    </>
  );
}
