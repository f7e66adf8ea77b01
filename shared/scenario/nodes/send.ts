import { defineNode } from './define';
import { CHANNEL_NAMES } from '../../i18n/channels';
import { MessageConfigSchema, shortText } from './message';

export const send = defineNode({
  type: 'send',
  config: MessageConfigSchema,
  ports: () => ['out'],
  label: { ru: 'Отправить сообщение', en: 'Send message' },
  hint: { ru: 'SMS, email, Telegram или push с запасными каналами', en: 'SMS, email, Telegram or push, with fallback channels' },
  summary: (c, lang) => `${CHANNEL_NAMES[c.channel][lang]}: ${shortText(c.text)}`,
  sendsMessage: true,
});
