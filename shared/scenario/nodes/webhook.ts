import { z } from 'zod';
import { WEBHOOK_FIELD_KEY_PATTERN, WEBHOOK_LIMITS } from '../../webhooks/limits';
import { defineNode } from './define';

/**
 * POSTs a signed JSON body to an HTTPS endpoint an admin configured (Настройки → Вебхуки), picked by name. The body
 * is built by the server (customer, scenario, run, node, time) plus the marketer's extra fields, each a Liquid
 * template rendered for the customer. Leaves through `success` when the endpoint answered 2xx, `failure` otherwise
 * (after retries for network errors, 5xx and 429).
 */
export const webhook = defineNode({
  type: 'webhook',
  config: z.strictObject({
    endpoint: z.string().trim().min(1).max(WEBHOOK_LIMITS.nameLength),
    fields: z
      .array(
        z.strictObject({
          key: z.string().min(1).max(WEBHOOK_LIMITS.fieldKeyLength).regex(WEBHOOK_FIELD_KEY_PATTERN, 'latin letters, digits and _'),
          value: z.string().max(WEBHOOK_LIMITS.fieldValueLength),
        }),
      )
      .max(WEBHOOK_LIMITS.fields)
      .optional(),
  }),
  ports: () => ['success', 'failure'],
  portLabels: { success: { ru: 'успешно', en: 'success' }, failure: { ru: 'ошибка', en: 'failure' } },
  label: { ru: 'Вебхук', en: 'Webhook' },
  hint: { ru: 'Отправляет данные клиента в вашу систему (CRM, колл-центр)', en: 'Sends the customer’s data to your system (CRM, call centre)' },
  summary: (c, lang) => `${lang === 'ru' ? 'Вебхук' : 'Webhook'}${c.endpoint ? `: ${c.endpoint}` : ''}`,
});
