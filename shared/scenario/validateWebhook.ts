import type { NodeConfig } from './schema';
import type { About, Add, NodeInfo } from './validateContext';
import { checkText, type TextChecks } from './validateTexts';

// Part of validateScenario (./validate.ts): the webhook node's endpoint and extra fields.

/**
 * What validation knows beyond the document. Absent parts are not checked: a draft is saved without them, and
 * publishing passes everything the shop has configured.
 */
export interface ValidationContext {
  /** The webhook endpoints an admin configured (Настройки → Вебхуки): a node naming another one cannot publish. */
  webhookEndpoints?: ReadonlyArray<{ name: string; enabled: boolean }>;
}

/** The endpoint exists (when the context lists them) and is on; field keys are unique; field values are good Liquid. */
export function checkWebhook(node: NodeInfo, texts: TextChecks, add: Add, about: About, context: ValidationContext): void {
  const config = node.config as NodeConfig<'webhook'>;
  const at = (rest: string) => `nodes[${node.index}].config${rest}`;
  if (context.webhookEndpoints) {
    const endpoint = context.webhookEndpoints.find((e) => e.name === config.endpoint);
    if (!endpoint) {
      const known = context.webhookEndpoints.map((e) => `«${e.name}»`).join(', ');
      add('error', 'webhook.unknownEndpoint', {
        nodeId: node.id,
        path: at('.endpoint'),
        message: about(
          node,
          `вебхука «${config.endpoint}» нет в настройках. ${known ? `Выберите один из настроенных: ${known}` : 'Администратор добавляет вебхуки в разделе «Вебхуки»'}`,
          `there is no webhook endpoint "${config.endpoint}". ${known ? `Pick one of: ${known.replace(/[«»]/g, '"')}` : 'An admin adds endpoints under "Webhooks"'}`,
        ),
      });
    } else if (!endpoint.enabled) {
      add('warning', 'webhook.endpointDisabled', {
        nodeId: node.id,
        path: at('.endpoint'),
        message: about(
          node,
          `вебхук «${config.endpoint}» выключен в настройках: пока его не включат, клиенты пойдут по ветке «ошибка»`,
          `the webhook endpoint "${config.endpoint}" is disabled: until it is enabled, customers take the "failure" branch`,
        ),
      });
    }
  }
  const seen = new Set<string>();
  (config.fields ?? []).forEach((field, i) => {
    if (seen.has(field.key)) {
      add('error', 'webhook.duplicateField', {
        nodeId: node.id,
        path: at(`.fields[${i}].key`),
        message: about(node, `поле «${field.key}» указано дважды; у каждого поля своё имя`, `the field "${field.key}" is given twice; field names must differ`),
      });
    }
    seen.add(field.key);
    checkText(node, field.value, `.fields[${i}].value`, texts, add, about);
  });
}
