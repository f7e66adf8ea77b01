/** One way to say things in both languages: texts, plural rules, channel names, dates and amounts in a time zone. */
export { LANGS, type Lang, type Text } from './text';
export { plural, pluralCategory, type PluralForms } from './plural';
export { CHANNEL_NAMES, channelInText } from './channels';
export { DEFAULT_TIME_ZONE, formatAmount, formatDateTime, formatDay, formatDayMonth, formatFixed, formatNumber, formatRub, formatShortDateTime, formatTime, isoDay } from './format';
export { formatMessage, pluralsOf, type MessageParams } from './message';
