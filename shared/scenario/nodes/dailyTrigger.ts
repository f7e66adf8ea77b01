import { z } from 'zod';
import { defineNode } from './define';
import { TimeOfDaySchema } from './time';

export const dailyTrigger = defineNode({
  type: 'dailyTrigger',
  config: z.strictObject({ at: TimeOfDaySchema }),
  ports: () => ['out'],
  label: { ru: 'Ежедневный запуск', en: 'Daily trigger' },
  hint: { ru: 'Раз в день отбирает аудиторию и запускает сценарий', en: 'Once a day, selects the audience and starts the scenario' },
  summary: (c, lang) => (lang === 'ru' ? `Каждый день в ${c.at}` : `Every day at ${c.at}`),
});
