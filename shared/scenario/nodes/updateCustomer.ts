import { z } from 'zod';
import { showValue, type ProfileAction } from '../../conditions/profile';
import { defineNode } from './define';

/** At most this many changes in one node: a marketer's «отметить и записать уровень», not a data load. */
export const UPDATE_CUSTOMER_MAX_ACTIONS = 10;

// Outer bounds only: the words for a tag that is too long or a key that is not allowed come from the node's
// validation rules (shared/scenario/validateNodes.ts), which know the real limits (shared/conditions/profile.ts).
const Tag = z.string().max(1000);
const Key = z.string().max(1000);
const ActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('addTag'), tag: Tag }),
  z.strictObject({ kind: z.literal('removeTag'), tag: Tag }),
  z.strictObject({ kind: z.literal('setAttribute'), key: Key, value: z.union([z.string().max(1000), z.number(), z.boolean()]) }),
  z.strictObject({ kind: z.literal('clearAttribute'), key: Key }),
]);

export const updateCustomer = defineNode({
  type: 'updateCustomer',
  config: z.strictObject({
    actions: z.array(ActionSchema).max(UPDATE_CUSTOMER_MAX_ACTIONS),
  }),
  ports: () => ['out'],
  label: { ru: 'Изменить клиента', en: 'Update customer' },
  hint: { ru: 'Ставит или снимает тег, записывает атрибут — для условий и сегментов', en: 'Sets or removes a tag, writes an attribute — for conditions and segments' },
  summary: (c, lang) => (c.actions.length === 0 ? (lang === 'ru' ? 'Ничего не меняет' : 'Changes nothing') : c.actions.map((a) => actionWords(a, lang)).join('; ')),
});

/** One action in words: «+ тег «звонили»», «уровень = «gold»». */
export function actionWords(action: ProfileAction, lang: 'ru' | 'en'): string {
  switch (action.kind) {
    case 'addTag':
      return lang === 'ru' ? `+ тег «${action.tag}»` : `+ tag "${action.tag}"`;
    case 'removeTag':
      return lang === 'ru' ? `− тег «${action.tag}»` : `− tag "${action.tag}"`;
    case 'setAttribute':
      return `${action.key} = ${lang === 'ru' ? showValue(action.value) : JSON.stringify(action.value)}`;
    case 'clearAttribute':
      return lang === 'ru' ? `очистить ${action.key}` : `clear ${action.key}`;
  }
}
