import { z } from 'zod';
import { ConditionSchema } from '../../conditions/schema';
import { defineNode } from './define';

export const filter = defineNode({
  type: 'filter',
  config: z.strictObject({ condition: ConditionSchema }),
  ports: () => ['yes', 'no'],
  portLabels: { yes: { ru: 'да', en: 'yes' }, no: { ru: 'нет', en: 'no' } },
  label: { ru: 'Фильтр', en: 'Filter' },
  hint: { ru: 'Пропускает дальше только клиентов, подходящих под условие', en: 'Lets through only customers matching a condition' },
  summary: (_c, lang) => (lang === 'ru' ? 'Условие' : 'Condition'),
});
