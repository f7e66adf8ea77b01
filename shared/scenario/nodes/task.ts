import { z } from 'zod';
import { defineNode } from './define';
import { shortText } from './message';

export const task = defineNode({
  type: 'task',
  config: z.strictObject({
    text: z.string().min(1).max(2000),
    role: z.enum(['support', 'marketer', 'admin']).optional(),
  }),
  ports: () => ['out'],
  label: { ru: 'Задача сотруднику', en: 'Staff task' },
  hint: { ru: 'Создаёт задачу, например «позвонить клиенту»', en: 'Creates a task for staff, e.g. “call the customer”' },
  summary: (c) => shortText(c.text, 50),
});
