import { useT } from '../i18n';
import { smsCounterView } from './smsCounter';

export function SmsCounter({ text }: { text: string }) {
  const { lang } = useT();
  const view = smsCounterView(text, lang);
  return (
    <div className={`sms-counter tone-${view.tone}`} data-testid="sms-counter" aria-live="polite">
      <strong>{view.text}</strong>
      <span>{view.note}</span>
    </div>
  );
}
