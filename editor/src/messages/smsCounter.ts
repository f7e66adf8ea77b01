import { smsSegments } from '../../../shared/messages/sms';
import { translate, type Lang } from '../i18n';

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
export function smsCounterView(text: string, lang: Lang): SmsCounterView {
  const s = smsSegments(text);
  const used = s.segments <= 1 ? s.characters : s.characters - (s.segments - 1) * s.perSegment;
  const remaining = Math.max(0, s.perSegment - used);
  const label = translate(lang, 'sms.counter', { chars: s.characters, segments: s.segments, encoding: s.encoding });
  // An empty text has no alphabet yet: give both limits.
  if (s.characters === 0) return { text: label, tone: 'empty', note: translate(lang, 'sms.empty'), remaining };
  if (s.segments === 1) return { text: label, tone: 'ok', note: translate(lang, 'sms.left', { left: remaining, per: s.perSegment }), remaining };
  return { text: label, tone: 'warn', note: translate(lang, 'sms.multi', { segments: s.segments, per: s.perSegment }), remaining };
}
