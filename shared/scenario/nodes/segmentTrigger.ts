import { z } from 'zod';
import { defineNode } from './define';
import { TimeOfDaySchema } from './time';

/**
 * Starts a run for a customer who matches a saved segment today and did not at the previous daily check (at `at` in
 * the scenario's zone). The first check after publishing only notes who is in the segment already.
 */
export const segmentTrigger = defineNode({
  type: 'segmentTrigger',
  config: z.strictObject({ segmentId: z.string().uuid(), at: TimeOfDaySchema }),
  ports: () => ['out'],
  label: { ru: 'Попал в сегмент', en: 'Entered a segment' },
  hint: { ru: 'Клиент сегодня в сегменте, а вчера не был (например, стал «Спящим»)', en: 'A customer in the segment today who was not yesterday' },
  summary: (c, lang) => (lang === 'ru' ? `Попал в сегмент, проверка в ${c.at}` : `Entered the segment, checked at ${c.at}`),
});
