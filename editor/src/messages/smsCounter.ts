import { smsSegments } from '../../../shared/messages/sms';

export interface SmsCounterView {
  /** e.g. «64 симв. · 1 SMS · UCS-2» */
  text: string;
  /** ok: one SMS; warn: several (each billed); empty: nothing typed yet. */
  tone: 'ok' | 'warn' | 'empty';
  /** What to tell the marketer beside the counter. */
  note: string;
  /** Characters left in the current segment. */
  remaining: number;
}

/**
 * The SMS counter as shown under the text. It counts the rendered text for the preview customer when there is
 * one, because `{{ customer.firstName }}` is 27 characters in the template and 4 in the message.
 */
export function smsCounterView(text: string, lang: 'ru' | 'en'): SmsCounterView {
  const s = smsSegments(text);
  const used = s.segments <= 1 ? s.characters : s.characters - (s.segments - 1) * s.perSegment;
  const remaining = Math.max(0, s.perSegment - used);
  const chars = lang === 'ru' ? 'симв.' : 'chars';
  const label = `${s.characters} ${chars} · ${s.segments} SMS · ${s.encoding}`;
  // An empty text has no alphabet yet: give both limits.
  if (s.characters === 0)
    return { text: label, tone: 'empty', note: lang === 'ru' ? 'в одной SMS до 70 символов кириллицей или 160 латиницей' : 'one SMS holds 70 Cyrillic or 160 Latin characters', remaining };
  if (s.segments === 1)
    return {
      text: label,
      tone: 'ok',
      note: lang === 'ru' ? `осталось ${remaining} из ${s.perSegment}` : `${remaining} of ${s.perSegment} left`,
      remaining,
    };
  return {
    text: label,
    tone: 'warn',
    note:
      lang === 'ru'
        ? `Сообщение разобьётся на ${s.segments} SMS по ${s.perSegment} символов — каждая оплачивается отдельно`
        : `The message will be split into ${s.segments} SMS of ${s.perSegment} characters, each billed separately`,
    remaining,
  };
}
