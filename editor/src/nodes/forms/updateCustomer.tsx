import { useId } from 'react';
import type { AttributeValue, ProfileAction } from '../../../../shared/conditions/profile';
import { UPDATE_CUSTOMER_MAX_ACTIONS } from '../../../../shared/scenario/nodes/updateCustomer';
import { AttributeValueInput } from '../../conditions/AttributeValueInput';
import { TagDatalist } from '../../conditions/tagSuggestions';
import { useT } from '../../i18n';
import type { NodeFormProps } from './types';

const KINDS: ProfileAction['kind'][] = ['addTag', 'removeTag', 'setAttribute', 'clearAttribute'];

/** The action of a new kind, keeping the tag or key already typed. */
function reshape(action: ProfileAction, kind: ProfileAction['kind']): ProfileAction {
  const text = 'tag' in action ? action.tag : action.key;
  switch (kind) {
    case 'addTag':
    case 'removeTag':
      return { kind, tag: text };
    case 'setAttribute':
      return { kind, key: text, value: action.kind === 'setAttribute' ? action.value : '' };
    case 'clearAttribute':
      return { kind, key: text };
  }
}

export function UpdateCustomerForm({ config, onChange }: NodeFormProps<'updateCustomer'>) {
  const { t } = useT();
  const listId = useId();
  const actions = config.actions;
  const set = (i: number, next: ProfileAction, key?: string) => onChange({ actions: actions.map((a, k) => (k === i ? next : a)) }, key && `${key}-${i}`);
  return (
    <>
      <p className="form-hint">{t('form.update.hint')}</p>
      <TagDatalist id={listId} />
      {actions.length === 0 && (
        <p className="form-hint" role="alert">
          {t('form.update.none')}
        </p>
      )}
      <ol className="update-actions">
        {actions.map((action, i) => (
          <li key={i} className="update-action" data-testid="update-action">
            <select aria-label={t('form.update.action')} value={action.kind} onChange={(e) => set(i, reshape(action, e.target.value as ProfileAction['kind']))}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`form.update.${k}`)}
                </option>
              ))}
            </select>
            {'tag' in action ? (
              <input aria-label={t('form.update.tag')} list={listId} maxLength={60} value={action.tag} onChange={(e) => set(i, { ...action, tag: e.target.value }, 'tag')} />
            ) : (
              <input aria-label={t('form.update.key')} placeholder="level" maxLength={40} value={action.key} onChange={(e) => set(i, { ...action, key: e.target.value }, 'key')} />
            )}
            {action.kind === 'setAttribute' && (
              <AttributeValueInput value={action.value} onChange={(value: AttributeValue) => set(i, { ...action, value }, 'value')} />
            )}
            <button type="button" className="btn-ghost small danger" aria-label={t('form.update.remove')} onClick={() => onChange({ actions: actions.filter((_, k) => k !== i) })}>
              ✕
            </button>
          </li>
        ))}
      </ol>
      {actions.length < UPDATE_CUSTOMER_MAX_ACTIONS ? (
        <button type="button" className="btn-ghost small" onClick={() => onChange({ actions: [...actions, { kind: 'addTag', tag: '' }] })}>
          + {t('form.update.add')}
        </button>
      ) : (
        <p className="form-hint">{t('form.update.max', { max: UPDATE_CUSTOMER_MAX_ACTIONS })}</p>
      )}
    </>
  );
}
