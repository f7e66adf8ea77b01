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

/**
 * Until a date: the customer's birthday, or the date of the event the run entered on (an order, a custom event, the
 * day points expire, …), `offsetDays` before (negative) or after it, at `time` on the customer's clock.
 */
const DateMode = z.strictObject({
  mode: z.literal('date'),
  from: z.enum(['birthday', 'event']),
  offsetDays: z.number().int().min(-60).max(60),
  time: TimeOfDaySchema,
});

export const WaitUntilConfigSchema = z.discriminatedUnion('mode', [TimeOfDayMode, DateMode]);
export type WaitUntilConfig = z.infer<typeof WaitUntilConfigSchema>;

export const waitUntil = defineNode({
  type: 'waitUntil',
  config: WaitUntilConfigSchema,
  ports: () => ['out'],
  label: { ru: 'Ждать до времени', en: 'Wait until time' },
  hint: {
    ru: 'До времени дня по часам клиента (можно только в выбранные дни недели) или до даты: дня рождения, дня события',
    en: 'Until a time of day on the customer’s clock (optionally on chosen weekdays) or a date: the birthday, the event’s day',
  },
  summary: (c, lang) => {
    if (c.mode === 'date') {
      const what = c.from === 'birthday' ? (lang === 'ru' ? 'дня рождения' : 'the birthday') : lang === 'ru' ? 'события' : 'the event';
      const n = Math.abs(c.offsetDays);
      if (c.offsetDays === 0) return lang === 'ru' ? `До ${c.from === 'birthday' ? 'дня рождения' : 'дня события'}, ${c.time}` : `Until ${c.from === 'birthday' ? 'the birthday' : 'the event’s day'}, ${c.time}`;
      if (lang === 'en') return `${n} d ${c.offsetDays < 0 ? 'before' : 'after'} ${what}, ${c.time}`;
      return `${c.offsetDays < 0 ? 'За' : 'Через'} ${n} дн. ${c.offsetDays < 0 ? 'до' : 'после'} ${what}, ${c.time}`;
    }
    const days = weekdaysText(c.weekdays, lang);
    if (lang === 'ru') return days ? `До ${c.time}, ${days}` : `До ${c.time} любого дня`;
    return days ? `Until ${c.time}, ${days}` : `Until ${c.time}, any day`;
  },
});
