import type { Channel } from '../scenario/channels';
import type { Lang, Text } from './text';

/** How a channel is named on its own: a column, a button, a chart legend. */
export const CHANNEL_NAMES: Record<Channel, Text> = {
  sms: { ru: 'SMS', en: 'SMS' },
  email: { ru: 'Email', en: 'Email' },
  telegram: { ru: 'Telegram', en: 'Telegram' },
  push: { ru: 'Push', en: 'Push' },
};

/** How a channel is named inside a sentence: «отправлено: email», «нет согласия на SMS» (common nouns lower-case). */
export function channelInText(channel: Channel, lang: Lang = 'ru'): string {
  const name = CHANNEL_NAMES[channel][lang];
  return channel === 'email' || channel === 'push' ? name.toLowerCase() : name;
}
