import { defineNode } from './define';
import { CHANNEL_NAMES } from '../../i18n/channels';
import { MessageConfigSchema, shortText } from './message';

export const reminder = defineNode({
  type: 'reminder',
  config: MessageConfigSchema,
  ports: () => ['out'],
  label: { ru: 'Напоминание о бонусе', en: 'Bonus reminder' },
  hint: {
    ru: 'Напоминает о начисленных баллах, если они ещё не потрачены и не сгорели',
    en: 'Reminds about granted points while they are unused and unexpired',
  },
  summary: (c, lang) => `${CHANNEL_NAMES[c.channel][lang]}: ${shortText(c.text)}`,
  sendsMessage: true,
});
