import { defineTexts } from '../i18n';

/** The policy's words inside the scenario editor: priority, exclusivity group, service messages. */
const ru = {
  overlapHead: 'Если клиент подходит под несколько сценариев',
  priority: 'Приоритет',
  priorityDefault: '50 — по умолчанию',
  priorityHint: 'От 1 до 100. Из сценариев одной группы клиент входит в тот, у кого приоритет выше.',
  group: 'Группа исключения',
  groupPlaceholder: 'без группы',
  groupHint: 'Сценарии одной группы никогда не ведут одного клиента одновременно (например, «Возврат»).',
  service: 'Служебное сообщение — не подчиняется лимитам коммуникаций',
  serviceHint: 'Для того, что клиенту положено знать (например, «баллы сгорают»): уходит, даже если лимит исчерпан, и не засчитывается в лимиты. Рекламу так не отмечайте.',
  serviceBadge: 'служебное',
  serviceBadgeTitle: 'Служебное сообщение: не подчиняется лимитам коммуникаций',
};
type Key = keyof typeof ru;
const en: Record<Key, string> = {
  overlapHead: 'When a customer qualifies for several scenarios',
  priority: 'Priority',
  priorityDefault: '50 — the default',
  priorityHint: 'From 1 to 100. Of the scenarios in one group, a customer enters the one with the higher priority.',
  group: 'Exclusivity group',
  groupPlaceholder: 'no group',
  groupHint: 'Scenarios of one group never hold the same customer at once (e.g. “Win-back”).',
  service: 'Service message — exempt from the communication caps',
  serviceHint: 'For what the customer is owed (such as “your points expire”): it goes even when a cap is reached, and is not counted by the caps. Do not mark promotions this way.',
  serviceBadge: 'service',
  serviceBadgeTitle: 'Service message: exempt from the communication caps',
};

const SCENARIO_POLICY_TEXTS = defineTexts<Key>({ ru, en });
export const SCENARIO_POLICY_DICTIONARIES = SCENARIO_POLICY_TEXTS.dictionaries;
export const useScenarioPolicyT = SCENARIO_POLICY_TEXTS.useTexts;
