import { NODE_SPECS } from '../../../../shared/scenario/schema';
import { WEEKDAY_NAMES, WEEKDAYS, type Weekday } from '../../../../shared/scenario/nodes/waitUntil';
import { Field, TimeInput } from '../../ui/fields';
import { useTimingT } from './timingTexts';
import type { NodeFormProps } from './types';
import './timing.css';

export function WaitUntilForm({ config, onChange, doc }: NodeFormProps<'waitUntil'>) {
  const { t, lang } = useTimingT();
  const chosen = new Set(config.weekdays ?? []);
  const toggle = (day: Weekday) => {
    const next = WEEKDAYS.filter((w) => (w === day ? !chosen.has(w) : chosen.has(w)));
    onChange({ ...config, weekdays: next.length ? next : undefined }, 'weekdays');
  };
  return (
    <>
      <Field label={t('time')} hint={t('timeHint', { zone: doc.settings.timezone })}>
        {(id) => <TimeInput id={id} value={config.time} onChange={(time) => onChange({ ...config, time }, 'time')} />}
      </Field>
      <Field label={t('weekdays')} hint={t('weekdaysHint')}>
        {(id) => (
          <div className="channel-picker weekday-picker" id={id} role="group" aria-label={t('weekdays')}>
            {WEEKDAYS.map((w) => (
              <button key={w} type="button" aria-pressed={chosen.has(w)} className={chosen.has(w) ? 'on' : ''} onClick={() => toggle(w)}>
                {WEEKDAY_NAMES[w][lang]}
              </button>
            ))}
          </div>
        )}
      </Field>
      <p className="form-hint">{t('summary', { text: NODE_SPECS.waitUntil.summary(config, lang) })}</p>
      <p className="form-hint">{t('rule', { time: config.time })}</p>
    </>
  );
}
