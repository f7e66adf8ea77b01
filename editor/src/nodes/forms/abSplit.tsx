import { Field, NumberInput } from '../../ui/fields';
import { useT } from '../../i18n';
import { AbDecideFields } from './abDecide';
import { addVariant, equalize, removeVariant, setWeight } from './abWeights';
import type { NodeFormProps } from './types';

export function AbSplitForm({ config, onChange }: NodeFormProps<'abSplit'>) {
  const { t, lang } = useT();
  const variants = config.variants;
  const holdout = config.holdoutPct ?? 0;
  const set = (next: typeof variants, key?: string) => onChange({ ...config, variants: next }, key);
  return (
    <>
      <div className="ab-head">
        <h4>{t('form.ab.variants')}</h4>
        <button type="button" className="btn-ghost small" onClick={() => set(equalize(variants))}>
          {t('form.ab.equalize')}
        </button>
      </div>
      <table className="ab-table">
        <thead>
          <tr>
            <th>{t('form.ab.key')}</th>
            <th>{t('form.ab.label')}</th>
            <th>{t('form.ab.weight')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {variants.map((v, i) => (
            <tr key={i}>
              <td>
                <code>{v.key}</code>
              </td>
              <td>
                <input aria-label={`${t('form.ab.label')} ${v.key}`} value={v.label} onChange={(e) => set(variants.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)), `label-${i}`)} />
              </td>
              <td>
                <NumberInput ariaLabel={`${t('form.ab.weight')} ${v.key}`} className="narrow" min={1} max={99} value={v.weight} onChange={(w) => w !== undefined && set(setWeight(variants, i, w), `weight-${i}`)} />
              </td>
              <td>
                <button type="button" className="btn-ghost small danger" disabled={variants.length <= 2} aria-label={t('form.ab.remove', { name: v.label })} onClick={() => set(removeVariant(variants, i))}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="form-hint">{t('form.ab.sum')}</p>
      <button type="button" className="btn-ghost small" disabled={variants.length >= 5} onClick={() => set(addVariant(variants, lang === 'ru' ? 'Вариант' : 'Variant'))}>
        + {t('form.ab.add')}
      </button>
      <label className="check block">
        <input type="checkbox" checked={holdout > 0} onChange={(e) => onChange({ ...config, holdoutPct: e.target.checked ? 10 : undefined })} />
        {t('form.ab.holdout')}
      </label>
      {holdout > 0 && (
        <Field label={t('form.ab.holdoutPct')} hint={t('form.ab.holdoutHint')}>
          {(id) => <NumberInput id={id} min={1} max={50} value={holdout} onChange={(n) => n !== undefined && onChange({ ...config, holdoutPct: Math.min(50, Math.max(1, n)) }, 'holdout')} />}
        </Field>
      )}
      <AbDecideFields config={config} onChange={onChange} />
    </>
  );
}
