import { useMemo, useRef, useState } from 'react';
import { CHANNELS, type Channel, type ScenarioDocument } from '../../../shared/scenario/schema';
import { CHANNEL_NAMES } from '../../../shared/i18n';
import type { MessageConfig } from '../../../shared/scenario/nodes/message';
import { renderTemplate, TemplateBudgetError, templateFilters, templateVariables } from '../../../shared/templates/render';
import { Field } from '../ui/fields';
import { useT } from '../i18n';
import { SAMPLE_CUSTOMERS } from './sampleCustomers';
import { SmsCounter } from './SmsCounter';
import { bonusBefore } from './bonusBefore';

/** Channel, fallbacks, subject, Liquid text with variables, and a live preview for a sample customer. */
export function MessageEditor({ nodeId, config, onChange, doc }: { nodeId: string; config: MessageConfig; onChange(c: MessageConfig, key?: string): void; doc: ScenarioDocument }) {
  const { t, lang } = useT();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [sampleId, setSampleId] = useState(SAMPLE_CUSTOMERS[0].id);
  const sample = SAMPLE_CUSTOMERS.find((s) => s.id === sampleId) ?? SAMPLE_CUSTOMERS[0];
  const fallbacks = config.fallbackChannels ?? [];
  const bonus = useMemo(() => bonusBefore(doc, nodeId, new Date()), [doc, nodeId]);

  const preview = useMemo(() => {
    try {
      return {
        ok: true as const,
        text: renderTemplate(config.text, { ...sample.context, bonus, scenario: { name: doc.name } }, { timezone: doc.settings.timezone, lang: 'ru' }),
      };
    } catch (error) {
      // The budget stops a runaway text in milliseconds, so the preview never freezes the tab; it says why in words.
      return { ok: false as const, text: error instanceof TemplateBudgetError ? error.text[lang] : error instanceof Error ? error.message : String(error) };
    }
  }, [config.text, sample, bonus, doc.name, doc.settings.timezone, lang]);

  const insert = (name: string) => {
    const el = textRef.current;
    const snippet = name === 'bonus.expiresAt' ? `{{ ${name} | date: "%d.%m" }}` : `{{ ${name} }}`;
    const start = el?.selectionStart ?? config.text.length;
    const end = el?.selectionEnd ?? config.text.length;
    const text = config.text.slice(0, start) + snippet + config.text.slice(end);
    onChange({ ...config, text });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + snippet.length, start + snippet.length);
    });
  };

  const setChannel = (channel: Channel) => {
    const rest = fallbacks.filter((c) => c !== channel);
    onChange({ ...config, channel, fallbackChannels: rest.length ? rest : undefined, subject: channel === 'email' ? config.subject : undefined });
  };
  const toggleFallback = (channel: Channel, on: boolean) => {
    const next = on ? [...fallbacks, channel] : fallbacks.filter((c) => c !== channel);
    onChange({ ...config, fallbackChannels: next.length ? next : undefined });
  };
  const usesSms = config.channel === 'sms' || fallbacks.includes('sms');

  return (
    <div className="message-editor">
      <Field label={t('message.channel')}>
        {(id) => (
          <div className="channel-picker" id={id} role="radiogroup" aria-label={t('message.channel')}>
            {CHANNELS.map((c) => (
              <button key={c} type="button" role="radio" aria-checked={config.channel === c} className={config.channel === c ? 'on' : ''} onClick={() => setChannel(c)}>
                {CHANNEL_NAMES[c][lang]}
              </button>
            ))}
          </div>
        )}
      </Field>
      <Field label={t('message.fallback')} hint={t('message.fallbackHint')}>
        {() => (
          <div className="fallbacks">
            {CHANNELS.filter((c) => c !== config.channel).map((c) => (
              <label key={c} className="check">
                <input type="checkbox" checked={fallbacks.includes(c)} onChange={(e) => toggleFallback(c, e.target.checked)} />
                {CHANNEL_NAMES[c][lang]}
                {fallbacks.includes(c) && <span className="fallback-order">{fallbacks.indexOf(c) + 1}</span>}
              </label>
            ))}
          </div>
        )}
      </Field>
      {config.channel === 'email' && (
        <Field label={t('message.subject')}>
          {(id) => <input id={id} value={config.subject ?? ''} onChange={(e) => onChange({ ...config, subject: e.target.value || undefined }, 'subject')} />}
        </Field>
      )}
      <Field label={t('message.text')}>
        {(id) => (
          <>
            <textarea id={id} ref={textRef} rows={5} value={config.text} onChange={(e) => onChange({ ...config, text: e.target.value }, 'text')} />
            <div className="variables" aria-label={t('message.insert')}>
              <span className="variables-label">{t('message.insert')}:</span>
              {templateVariables.map((v) => (
                <button key={v.name} type="button" className="chip" title={`{{ ${v.name} }} — ${v.description[lang]}`} onClick={() => insert(v.name)}>
                  {v.description[lang].split(/[;(]/)[0].trim()}
                </button>
              ))}
            </div>
            <details className="filters-help">
              <summary>{t('message.filters')}</summary>
              <dl>
                {templateFilters.map((f) => (
                  <div key={f.name}>
                    <dt>
                      <code>{f.example}</code> → {f.result}
                    </dt>
                    <dd>{f.description[lang]}</dd>
                  </div>
                ))}
              </dl>
            </details>
          </>
        )}
      </Field>
      <div className="preview">
        <div className="preview-head">
          <span>{t('message.preview')}</span>
          <select aria-label={t('message.previewFor')} value={sampleId} onChange={(e) => setSampleId(e.target.value)}>
            {SAMPLE_CUSTOMERS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label[lang]}
              </option>
            ))}
          </select>
        </div>
        {config.channel === 'email' && config.subject && <div className="preview-subject">{config.subject}</div>}
        <div className={`preview-body channel-${config.channel}${preview.ok ? '' : ' is-error'}`} data-testid="message-preview">
          {preview.ok ? preview.text || '…' : t('message.previewError', { error: preview.text })}
        </div>
        {usesSms && preview.ok && <SmsCounter text={preview.text} />}
      </div>
    </div>
  );
}
