import type { AttributeValue } from '../../../shared/conditions/profile';
import { NumberInput } from '../ui/fields';
import { useT } from '../i18n';

type ValueType = 'text' | 'number' | 'boolean';

const typeOf = (v: AttributeValue): ValueType => (typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'text');

/**
 * An attribute's value with its type chosen explicitly: «5» the text and 5 the number are different values to a
 * condition (equality compares type too), so the marketer says which one is meant.
 */
export function AttributeValueInput({ value, onChange }: { value: AttributeValue; onChange(v: AttributeValue): void }) {
  const { t } = useT();
  const type = typeOf(value);
  const retype = (next: ValueType) => {
    if (next === type) return;
    if (next === 'number') onChange(Number.isFinite(Number(value)) && value !== '' ? Number(value) : 0);
    else if (next === 'boolean') onChange(true);
    else onChange(typeof value === 'boolean' ? '' : String(value));
  };
  return (
    <span className="attr-value">
      <select aria-label={t('cond.valueType')} value={type} onChange={(e) => retype(e.target.value as ValueType)}>
        <option value="text">{t('cond.type.text')}</option>
        <option value="number">{t('cond.type.number')}</option>
        <option value="boolean">{t('cond.type.boolean')}</option>
      </select>
      {type === 'boolean' ? (
        <select aria-label={t('cond.value')} value={String(value)} onChange={(e) => onChange(e.target.value === 'true')}>
          <option value="true">{t('cond.yes')}</option>
          <option value="false">{t('cond.no')}</option>
        </select>
      ) : type === 'number' ? (
        <NumberInput integer={false} ariaLabel={t('cond.value')} value={value as number} onChange={(n) => onChange(n ?? 0)} />
      ) : (
        <input aria-label={t('cond.value')} maxLength={200} value={value as string} onChange={(e) => onChange(e.target.value)} />
      )}
    </span>
  );
}
