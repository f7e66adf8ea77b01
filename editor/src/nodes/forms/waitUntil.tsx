import { NODE_SPECS } from '../../../../shared/scenario/schema';
import { WEEKDAY_NAMES, WEEKDAYS, type Weekday } from '../../../../shared/scenario/nodes/waitUntil';
import { Field, NumberInput, Segmented, TimeInput } from '../../ui/fields';
import { useTimingT } from './timingTexts';
import type { NodeFormProps } from './types';
import './timing.css';

type Config = NodeFormProps<'waitUntil'>['config'];

export function WaitUntilForm({ config, onChange, doc }: NodeFormProps<'waitUntil'>) {
  const { t, lang } = useTimingT();
  // Switching modes keeps the time; the rest takes the new mode's defaults.
  const switchTo = (mode: Config['mode']) =>
    mode === config.mode ? undefined : onChange(mode === 'date' ? { mode, from: 'birthday', offsetDays: 0, time: config.time } : { mode, time: config.time }, 'mode');
  return (
    <>
      <Field label={t('mode')}>
        {() => (
          <Segmented
            ariaLabel={t('mode')}
            value={config.mode}
            options={[
              { value: 'timeOfDay', label: t('modeTime') },
              { value: 'date', label: t('modeDate') },
            ]}
            onChange={switchTo}
          />
        )}
      </Field>
      {config.mode === 'date' ? <DateFields config={config} onChange={onChange} /> : <TimeOfDayFields config={config} onChange={onChange} />}
      <Field label={t('time')} hint={t('timeHint', { zone: doc.settings.timezone })}>
        {(id) => <TimeInput id={id} value={config.time} onChange={(time) => onChange({ ...config, time }, 'time')} />}
      </Field>
      <p className="form-hint">{t('summary', { text: NODE_SPECS.waitUntil.summary(config, lang) })}</p>
      <p className="form-hint">{config.mode === 'date' ? t('dateRule') : t('rule', { time: config.time })}</p>
    </>
  );
}

function TimeOfDayFields({ config, onChange }: { config: Extract<Config, { mode: 'timeOfDay' }>; onChange: NodeFormProps<'waitUntil'>['onChange'] }) {
  const { t, lang } = useTimingT();
  const chosen = new Set(config.weekdays ?? []);
  const toggle = (day: Weekday) => {
    const next = WEEKDAYS.filter((w) => (w === day ? !chosen.has(w) : chosen.has(w)));
    onChange({ ...config, weekdays: next.length ? next : undefined }, 'weekdays');
  };
  return (
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
  );
}

function DateFields({ config, onChange }: { config: Extract<Config, { mode: 'date' }>; onChange: NodeFormProps<'waitUntil'>['onChange'] }) {
  const { t } = useTimingT();
  return (
    <>
      <Field label={t('from')}>
        {(id) => (
          <select id={id} value={config.from} onChange={(e) => onChange({ ...config, from: e.target.value as 'birthday' | 'event' }, 'from')}>
            <option value="birthday">{t('fromBirthday')}</option>
            <option value="event">{t('fromEvent')}</option>
          </select>
        )}
      </Field>
      <Field label={t('offset')} hint={t('offsetHint')}>
        {(id) => <NumberInput id={id} min={-60} max={60} value={config.offsetDays} onChange={(offsetDays) => onChange({ ...config, offsetDays: offsetDays ?? 0 }, 'offsetDays')} />}
      </Field>
    </>
  );
}
