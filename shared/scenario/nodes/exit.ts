import { z } from 'zod';
import { defineNode } from './define';

export const exit = defineNode({
  type: 'exit',
  config: z.strictObject({}),
  ports: () => [],
  label: { ru: 'Выход', en: 'Exit' },
  hint: { ru: 'Завершает сценарий для клиента', en: 'Ends the scenario for the customer' },
  summary: (_c, lang) => (lang === 'ru' ? 'Завершить' : 'End'),
});
