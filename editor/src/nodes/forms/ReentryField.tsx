import { useId, useState } from 'react';
import type { Reentry } from '../../../../shared/scenario/nodes/reentry';
import { withReentryMode, type ReentryMode } from '../../document/trigger';
import { NumberInput } from '../../ui/fields';
import { useTriggerT } from './triggerTexts';
import './trigger.css';

/** «Повторный вход» of the event triggers: every time, once ever, or at most once per N days. */
export function ReentryField({ value, onChange }: { value: Reentry; onChange(rule: Reentry, key?: string): void }) {
  const { t } = useTriggerT();
  const name = useId();
  const hintId = useId();
  // Switching to «один раз» and back keeps the days typed before.
  const [lastDays, setLastDays] = useState(value.mode === 'cooldown' ? value.days : undefined);
  const pick = (mode: ReentryMode) => onChange(withReentryMode(value, mode, lastDays));
  const option = (mode: ReentryMode, label: React.ReactNode) => (
    <label className="check reentry-option">
      <input type="radio" name={name} value={mode} checked={value.mode === mode} onChange={() => pick(mode)} />
      {label}
    </label>
  );
  return (
    <fieldset className="field reentry" aria-describedby={hintId}>
      <legend>{t('reentry')}</legend>
      {option('always', t('reentryAlways'))}
      {option('once', t('reentryOnce'))}
      {option(
        'cooldown',
        <span className="reentry-cooldown">
          {t('reentryCooldownBefore')}
          <NumberInput
            ariaLabel={t('reentryDays')}
            min={1}
            max={3650}
            value={value.mode === 'cooldown' ? value.days : lastDays ?? 30}
            onChange={(days) => {
              if (days === undefined || days < 1) return;
              setLastDays(days);
              onChange({ mode: 'cooldown', days }, 'reentryDays');
            }}
          />
          {t('reentryCooldownAfter', { n: value.mode === 'cooldown' ? value.days : lastDays ?? 30 })}
        </span>,
      )}
      <div id={hintId} className="field-hint">
        {t('reentryHint')}
      </div>
    </fieldset>
  );
}
