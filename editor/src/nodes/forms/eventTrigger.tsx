import { EventTypeSchema } from '../../../../shared/scenario/nodes/eventTrigger';
import { Field } from '../../ui/fields';
import { eventCallExample } from './eventCall';
import { ReentryField } from './ReentryField';
import { useTriggerT } from './triggerTexts';
import type { NodeFormProps } from './types';

export function EventTriggerForm({ config, onChange }: NodeFormProps<'eventTrigger'>) {
  const { t } = useTriggerT();
  const invalid = config.eventType !== '' && !EventTypeSchema.safeParse(config.eventType).success;
  return (
    <>
      <Field label={t('eventType')} hint={t('eventTypeHint')} error={invalid ? t('eventTypeInvalid') : null}>
        {(id) => (
          <input
            id={id}
            className="mono"
            maxLength={64}
            spellCheck={false}
            autoCapitalize="off"
            placeholder="cart_abandoned"
            value={config.eventType}
            onChange={(e) => onChange({ ...config, eventType: e.target.value.trim() }, 'eventType')}
          />
        )}
      </Field>
      <ReentryField value={config.reentry} onChange={(reentry, key) => onChange({ ...config, reentry }, key)} />
      <section className="event-call" aria-label={t('eventCall')}>
        <h4>{t('eventCall')}</h4>
        <pre data-testid="event-call">{eventCallExample(window.location.origin, invalid ? '' : config.eventType)}</pre>
        <p className="field-hint">{t('eventCallHint', { example: '{{ event.data.total }}' })}</p>
      </section>
    </>
  );
}
