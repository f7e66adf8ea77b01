import { z } from 'zod';
import { plural } from '../../i18n/plural';

/**
 * When a customer may enter an event-started scenario again. Whatever the rule, a customer is never in two runs of
 * one scenario at once: an event that arrives while they are inside is recorded and does not start a second run.
 * - `always`: every event (that finds them outside the scenario);
 * - `once`: the first event ever;
 * - `cooldown`: at most once per `days` days, counted from the last entry.
 */
export const ReentrySchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('always') }),
  z.strictObject({ mode: z.literal('once') }),
  z.strictObject({ mode: z.literal('cooldown'), days: z.number().int().min(1).max(3650) }),
]);
export type Reentry = z.infer<typeof ReentrySchema>;

export function reentryInWords(rule: Reentry, lang: 'ru' | 'en'): string {
  if (rule.mode === 'always') return lang === 'ru' ? 'каждый раз' : 'every time';
  if (rule.mode === 'once') return lang === 'ru' ? 'один раз' : 'once';
  return lang === 'ru' ? `не чаще раза в ${rule.days} ${plural('ru', rule.days, ['день', 'дня', 'дней'])}` : `at most once per ${rule.days} d`;
}
