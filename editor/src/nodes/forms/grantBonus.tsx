import { maxBonusPoints } from '../../../../shared/scenario/budget';
import { Field, NumberInput, Segmented } from '../../ui/fields';
import { useT } from '../../i18n';
import type { NodeFormProps } from './types';

export function GrantBonusForm({ config, onChange, doc }: NodeFormProps<'grantBonus'>) {
  const { t } = useT();
  const budget = doc.settings.budget;
  const max = budget ? maxBonusPoints(budget) : null;
  const unit = config.expiresInHours !== undefined ? 'hours' : 'days';
  const lifetime = unit === 'hours' ? config.expiresInHours : config.expiresInDays;
  const setLifetime = (u: 'days' | 'hours', n: number | undefined) =>
    onChange({ points: config.points, ...(u === 'hours' ? { expiresInHours: n } : { expiresInDays: n }) }, 'lifetime');
  return (
    <>
      <Field label={t('form.bonus.points')}>
        {(id) => <NumberInput id={id} min={1} value={config.points} onChange={(points) => points !== undefined && onChange({ ...config, points }, 'points')} />}
      </Field>
      {max === null ? (
        <p className="form-hint">{t('form.bonus.noBudget')}</p>
      ) : config.points > max ? (
        <p className="budget over" role="alert" data-testid="budget-guard">
          {t('form.bonus.budgetOver', { max, check: budget!.avgCheck, margin: budget!.marginPct, share: budget!.maxShareOfMarginPct })}
        </p>
      ) : (
        <p className="budget ok" data-testid="budget-guard">
          {t('form.bonus.budgetOk', { max })}
        </p>
      )}
      <Field label={t('form.bonus.lifetime')} hint={t('form.bonus.fomo')}>
        {(id) => (
          <div className="field-inline">
            <NumberInput id={id} min={1} value={lifetime} onChange={(n) => n !== undefined && setLifetime(unit, n)} />
            <Segmented
              ariaLabel={t('form.bonus.unit')}
              value={unit}
              onChange={(u) => setLifetime(u, u === 'hours' ? Math.min((lifetime ?? 1) * 24, 8760) : Math.max(1, Math.round((lifetime ?? 24) / 24)))}
              options={[
                { value: 'days', label: t('form.bonus.days') },
                { value: 'hours', label: t('form.bonus.hours') },
              ]}
            />
          </div>
        )}
      </Field>
    </>
  );
}
