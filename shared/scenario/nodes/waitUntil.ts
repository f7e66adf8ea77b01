import { z } from 'zod';
import { WEEKDAYS, weekdaysText } from '../../time/timeOfDay';
import { defineNode } from './define';
import { TimeOfDaySchema } from './time';

export { WEEKDAY_NAMES, WEEKDAYS, weekdaysText, type Weekday } from '../../time/timeOfDay';

/**
 * «Ждать до времени»: until a moment on the customer's clock. A discriminated union on `mode`, so further ways of
 * naming the moment (a date from the customer or the event) join as modes of the same node.
 */
const TimeOfDayMode = z.strictObject({
  mode: z.literal('timeOfDay'),
  /** "HH:MM" in the customer's time zone (the scenario's when the customer has none). */
  time: TimeOfDaySchema,
  /** Only on these days of the week; none or empty: every day. */
  weekdays: z.array(z.enum(WEEKDAYS)).max(7).optional(),
});

export const WaitUntilConfigSchema = z.discriminatedUnion('mode', [TimeOfDayMode]);
export type WaitUntilConfig = z.infer<typeof WaitUntilConfigSchema>;

export const waitUntil = defineNode({
  type: 'waitUntil',
  config: WaitUntilConfigSchema,
  ports: () => ['out'],
  label: { ru: 'Ждать до времени', en: 'Wait until time' },
  hint: {
    ru: 'До ближайшего времени дня по часам клиента, можно только в выбранные дни недели',
    en: 'Until the next time of day on the customer’s clock, optionally on chosen weekdays',
  },
  summary: (c, lang) => {
    const days = weekdaysText(c.weekdays, lang);
    if (lang === 'ru') return days ? `До ${c.time}, ${days}` : `До ${c.time} любого дня`;
    return days ? `Until ${c.time}, ${days}` : `Until ${c.time}, any day`;
  },
});
