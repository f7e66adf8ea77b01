import { useEffect, type MouseEvent } from 'react';
import { WEBHOOK_LIMITS } from '../../../../shared/webhooks/limits';
import { Field } from '../../ui/fields';
import { goTo } from '../../ui/AppNav';
import { useWebhookT } from '../../settings/webhookTexts';
import { useWebhookNames } from '../../settings/webhooksApi';
import type { NodeFormProps } from './types';
import '../../settings/webhooks.css';

const EXAMPLE = '{{ customer.firstName }}';

/** The webhook node: which configured endpoint to call, and extra `data` fields rendered for the customer. */
export function WebhookForm({ config, onChange }: NodeFormProps<'webhook'>) {
  const { t } = useWebhookT();
  const { names, error, load } = useWebhookNames();
  useEffect(() => load(), [load]);
  const fields = config.fields ?? [];
  const chosen = names?.find((n) => n.name === config.endpoint);
  const setFields = (next: typeof fields, key?: string) => onChange({ ...config, fields: next.length ? next : undefined }, key);
  const openSettings = (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    goTo('/settings/webhooks');
  };

  return (
    <>
      <Field
        label={t('formEndpoint')}
        error={config.endpoint && names && !chosen ? t('formUnknown', { name: config.endpoint }) : null}
        hint={chosen && !chosen.enabled ? t('formDisabled') : undefined}
      >
        {(id) => (
          <select id={id} value={config.endpoint} onChange={(e) => onChange({ ...config, endpoint: e.target.value })}>
            <option value="">{t('formPick')}</option>
            {config.endpoint && !chosen && <option value={config.endpoint}>{config.endpoint}</option>}
            {(names ?? []).map((n) => (
              <option key={n.name} value={n.name}>
                {n.enabled ? n.name : `${n.name} (${t('off')})`}
              </option>
            ))}
          </select>
        )}
      </Field>
      {error && (
        <p className="field-hint" role="alert">
          {t('formLoadFailed', { error })}
        </p>
      )}
      {names && names.length === 0 && (
        <div className="banner banner-warning" role="note" data-testid="webhook-none">
          {t('formNone')} {t('formNoneAsk')}{' '}
          <a href="/settings/webhooks" onClick={openSettings}>
            {t('formNoneAdmin')}
          </a>
        </div>
      )}
      {names && names.length > 0 && (
        <p className="field-hint">
          <a href="/settings/webhooks" onClick={openSettings}>
            {t('formSettings')}
          </a>
        </p>
      )}

      <fieldset className="webhook-fields">
        <legend>{t('formFields')}</legend>
        <p className="field-hint">{t('formFieldsHint', { example: EXAMPLE })}</p>
        {fields.map((f, i) => (
          <div className="webhook-field-row" key={i}>
            <input
              aria-label={t('formKey', { n: i + 1 })}
              placeholder="firstName"
              maxLength={WEBHOOK_LIMITS.fieldKeyLength}
              value={f.key}
              onChange={(e) => setFields(fields.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)), `key${i}`)}
            />
            <input
              aria-label={t('formValue', { n: i + 1 })}
              placeholder={EXAMPLE}
              maxLength={WEBHOOK_LIMITS.fieldValueLength}
              value={f.value}
              onChange={(e) => setFields(fields.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)), `value${i}`)}
            />
            <button type="button" className="btn-ghost" aria-label={t('formRemoveField', { n: i + 1 })} onClick={() => setFields(fields.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        {fields.length < WEBHOOK_LIMITS.fields && (
          <button type="button" className="btn-secondary" onClick={() => setFields([...fields, { key: `field${fields.length + 1}`, value: '' }])}>
            {t('formAddField')}
          </button>
        )}
      </fieldset>
      <p className="field-hint">{t('formPorts')}</p>
    </>
  );
}
