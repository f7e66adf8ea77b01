import { NODE_SPECS, type NodeConfig } from '../../../../shared/scenario/schema';
import { Field, NumberInput, Segmented, TimeInput } from '../../ui/fields';
import { useTriggerT } from './triggerTexts';
import type { NodeFormProps } from './types';

type Config = NodeConfig<'bonusExpiryTrigger'>;

/** Days ⇄ hours keeps the minimum points and turns the lead time into the other unit within its range. */
export function switchExpiryUnit(config: Config, unit: Config['unit']): Config {
  const minPoints = config.minPoints;
  if (unit === config.unit) return config;
  if (unit === 'hours') return { unit, before: Math.min(168, Math.max(1, config.before * 24)), ...(minPoints ? { minPoints } : {}) };
  return { unit, before: Math.min(60, Math.round(config.before / 24)), at: '10:00', ...(minPoints ? { minPoints } : {}) };
}

export function BonusExpiryTriggerForm({ config, onChange, doc }: NodeFormProps<'bonusExpiryTrigger'>) {
  const { t, lang } = useTriggerT();
  const setMin = (minPoints: number | undefined) => onChange({ ...config, minPoints: minPoints || undefined }, 'minPoints');
  return (
    <>
      <Field label={t('unit')}>
        {() => (
          <Segmented
            ariaLabel={t('unit')}
            value={config.unit}
            onChange={(unit) => onChange(switchExpiryUnit(config, unit))}
            options={[
              { value: 'days', label: t('unitDays') },
              { value: 'hours', label: t('unitHours') },
            ]}
          />
        )}
      </Field>
      {config.unit === 'days' ? (
        <div className="field-row">
          <Field label={t('beforeDays')} hint={t('beforeDaysHint')}>
            {(id) => <NumberInput id={id} min={0} max={60} value={config.before} onChange={(before) => before !== undefined && onChange({ ...config, before }, 'before')} />}
          </Field>
          <Field label={t('checkAt')} hint={t('checkAtHint', { zone: doc.settings.timezone })}>
            {(id) => <TimeInput id={id} value={config.at} onChange={(at) => onChange({ ...config, at }, 'at')} />}
          </Field>
        </div>
      ) : (
        <Field label={t('beforeHours')} hint={t('hoursHint', { n: config.before })}>
          {(id) => <NumberInput id={id} min={1} max={168} value={config.before} onChange={(before) => before !== undefined && onChange({ ...config, before }, 'before')} />}
        </Field>
      )}
      <Field label={t('minPoints')} hint={t('anyPoints')}>
        {(id) => <NumberInput id={id} min={1} optional value={config.minPoints} onChange={setMin} />}
      </Field>
      <p className="form-hint">{t('summary', { text: NODE_SPECS.bonusExpiryTrigger.summary(config, lang) })}</p>
      <p className="form-hint trigger-note">{t('expiryNote')}</p>
    </>
  );
}
