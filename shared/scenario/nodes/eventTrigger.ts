import { z } from 'zod';
import { defineNode } from './define';
import { ReentrySchema, reentryInWords } from './reentry';

/** The name of a custom event as the shop's systems send it to POST /api/events. */
export const EventTypeSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'latin letters, digits, _ . : -');

/** Starts a run when the shop's systems report an event of this type for a customer (POST /api/events). */
export const eventTrigger = defineNode({
  type: 'eventTrigger',
  config: z.strictObject({ eventType: EventTypeSchema, reentry: ReentrySchema }),
  ports: () => ['out'],
  label: { ru: 'Событие', en: 'Custom event' },
  hint: { ru: 'Запускает сценарий по событию из ваших систем (POST /api/events)', en: 'Starts the scenario on an event from your systems (POST /api/events)' },
  summary: (c, lang) => (lang === 'ru' ? `Событие «${c.eventType}», ${reentryInWords(c.reentry, lang)}` : `Event "${c.eventType}", ${reentryInWords(c.reentry, lang)}`),
});
