import { channelInText } from '../shared/i18n/channels';
import type { Channel } from '../shared/scenario/channels';
import { formatRub, formatShortDateTime, formatTime } from '../shared/i18n/format';
import { plural as pluralIn, type PluralForms } from '../shared/i18n/plural';

/**
 * The run journal's words. Support staff read the journal in Russian, so these fix the language; the rules and
 * formats themselves are shared/i18n's, the same the editor and the message templates use. Pure; runs inside the
 * workflow sandbox, where Intl is available and deterministic.
 */

/** plural(5, ['день', 'дня', 'дней']) → 'дней'. */
export const plural = (n: number, forms: PluralForms['ru']): string => pluralIn('ru', n, forms);

/** «09:00» in the given zone. */
export const timeIn = (at: Date, timeZone: string): string => formatTime(at, timeZone);

/** «12.12 09:00» in the given zone. */
export const dateTimeIn = (at: Date, timeZone: string): string => formatShortDateTime(at, timeZone);

/** «1 500 ₽», «990,50 ₽». */
export const rubles = (amount: number): string => formatRub(amount, 'ru');

/** «отправлено: email». */
export const channelWord = (channel: Channel): string => channelInText(channel, 'ru');
