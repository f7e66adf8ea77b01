import { Field } from '../../ui/fields';
import { useT } from '../../i18n';
import type { NodeFormProps } from './types';

const ROLES = ['support', 'marketer', 'admin'] as const;

export function TaskForm({ config, onChange }: NodeFormProps<'task'>) {
  const { t } = useT();
  return (
    <>
      <Field label={t('form.task.text')}>{(id) => <textarea id={id} rows={4} value={config.text} onChange={(e) => onChange({ ...config, text: e.target.value }, 'text')} />}</Field>
      <Field label={t('form.task.role')}>
        {(id) => (
          <select id={id} value={config.role ?? 'support'} onChange={(e) => onChange({ ...config, role: e.target.value as (typeof ROLES)[number] })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}
