import { defineTexts } from '../../i18n';
import { Field, NumberInput } from '../../ui/fields';
import type { NodeFormProps } from './types';

const ru = {
  decided: 'Тест решён: все новые клиенты получают «{label}»{holdout}. Остальные ветки остаются для клиентов, которые уже в них.',
  decidedHoldout: ', кроме контрольной группы',
  undecide: 'Снова делить по вариантам',
  auto: 'Решить автоматически',
  autoHint: 'Когда лидер значимо (α = 5 %) лучше второго варианта и клиентов хватает для заданной мощности, новая версия отправит всех новых клиентов к нему; маркетологам придёт задача.',
  minDays: 'Не раньше чем через, дней',
  mde: 'Заметный прирост, %',
  mdeHint: 'Самый малый относительный прирост, который тест должен уметь увидеть',
  power: 'Мощность',
};
const en: Record<keyof typeof ru, string> = {
  decided: 'The split is decided: every new customer gets “{label}”{holdout}. The other branches stay for customers already in them.',
  decidedHoldout: ', except the holdout',
  undecide: 'Split by variants again',
  auto: 'Decide automatically',
  autoHint: 'Once the leader beats the runner-up (α = 5%) with enough customers for the chosen power, a new version sends every new customer to it; marketers get a task.',
  minDays: 'Not before, days',
  mde: 'Detectable uplift, %',
  mdeHint: 'The smallest relative uplift the test must be able to see',
  power: 'Power',
};
const { useTexts } = defineTexts<keyof typeof ru>({ ru, en });

/** The decision part of an A/B node's form: a decided split (winner) or the rule that decides it by itself. */
export function AbDecideFields({ config, onChange }: Pick<NodeFormProps<'abSplit'>, 'config' | 'onChange'>) {
  const { t } = useTexts();
  if (config.winner) {
    const label = config.variants.find((v) => v.key === config.winner)?.label ?? config.winner;
    return (
      <div role="note">
        <p className="form-hint">{t('decided', { label, holdout: (config.holdoutPct ?? 0) > 0 ? t('decidedHoldout') : '' })}</p>
        <button type="button" className="btn-ghost small" onClick={() => onChange({ ...config, winner: undefined })}>
          {t('undecide')}
        </button>
      </div>
    );
  }
  const auto = config.autoDecide;
  return (
    <>
      <label className="check block">
        <input type="checkbox" checked={!!auto} onChange={(e) => onChange({ ...config, autoDecide: e.target.checked ? { minDays: 14 } : undefined })} />
        {t('auto')}
      </label>
      {auto && (
        <>
          <p className="form-hint">{t('autoHint')}</p>
          <Field label={t('minDays')}>
            {(id) => <NumberInput id={id} min={1} max={365} value={auto.minDays} onChange={(n) => n !== undefined && onChange({ ...config, autoDecide: { ...auto, minDays: Math.min(365, Math.max(1, Math.round(n))) } }, 'auto-days')} />}
          </Field>
          <Field label={t('mde')} hint={t('mdeHint')}>
            {(id) => <NumberInput id={id} min={1} max={500} value={auto.mdeRelPct ?? 20} onChange={(n) => n !== undefined && onChange({ ...config, autoDecide: { ...auto, mdeRelPct: Math.min(500, Math.max(1, n)) } }, 'auto-mde')} />}
          </Field>
          <Field label={t('power')}>
            {(id) => (
              <select id={id} value={auto.power ?? 80} onChange={(e) => onChange({ ...config, autoDecide: { ...auto, power: Number(e.target.value) === 90 ? 90 : 80 } })}>
                <option value={80}>80 %</option>
                <option value={90}>90 %</option>
              </select>
            )}
          </Field>
        </>
      )}
    </>
  );
}
