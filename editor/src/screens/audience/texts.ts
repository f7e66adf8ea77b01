import { defineTexts } from '../../i18n';

/** The audience panel's texts about other scenarios and the communication policy (issue 14), Russian first. */
const ru = {
  title: 'Пересечения',
  control: 'В глобальной контрольной группе',
  exclusive: 'Заняты другим сценарием группы',
  controlLine: '{n} — в глобальной контрольной группе ({pct} %): не войдут и ничего не получат',
  heldRunning: '«{name}»: {n} уже идут по нему — одна группа исключения, сюда не войдут',
  heldPriority: '«{name}»: {n} — у него приоритет выше, войдут туда',
  wins: '{name}: {n} из ваших {base} — приоритет выше, войдут туда',
  loses: '{name}: {n} из ваших {base} — одна группа исключения, приоритет ниже: войдут сюда',
  parallel: '{name}: {n} из ваших {base} — другая группа: получат сообщения обоих, в пределах лимитов',
  priority: 'приоритет {p}',
  group: 'группа «{g}»',
  none: 'С аудиториями других опубликованных сценариев сегодня не пересекается',
  noOthers: 'Других опубликованных сценариев нет',
  omitted: '{count, plural, one {Ещё {n} сценарий не сравнивался} few {Ещё {n} сценария не сравнивались} many {Ещё {n} сценариев не сравнивались}} (показаны первые 20)',
  capLine: '{n} уже {count, plural, one {получил} few {получили} many {получили}} {max, plural, one {{m} сообщение} few {{m} сообщения} many {{m} сообщений}}{channel} {period} — их сообщения будут отложены',
  capNone: 'Лимиты политики: никто из входящих их ещё не исчерпал',
  delay: 'Отложенное сообщение ждёт не дольше {days} дн., потом пропускается',
  day: 'сегодня',
  week: 'на этой неделе',
  month: 'в этом месяце',
};

type Key = keyof typeof ru;

const en: Record<Key, string> = {
  title: 'Overlaps',
  control: 'In the global control group',
  exclusive: 'Held by another scenario of the group',
  controlLine: '{n} in the global control group ({pct} %): they will not enter and get nothing',
  heldRunning: '“{name}”: {n} already in it — same exclusivity group, they will not enter here',
  heldPriority: '“{name}”: {n} — higher priority, they will enter there',
  wins: '{name}: {n} of your {base} — higher priority, they will enter there',
  loses: '{name}: {n} of your {base} — same exclusivity group, lower priority: they will enter here',
  parallel: '{name}: {n} of your {base} — another group: they will get messages from both, within the caps',
  priority: 'priority {p}',
  group: 'group “{g}”',
  none: "No overlap today with other published scenarios' audiences",
  noOthers: 'No other published scenarios',
  omitted: '{count, plural, one {{n} more scenario not compared} other {{n} more scenarios not compared}} (the first 20 are shown)',
  capLine: '{n} already got {max, plural, one {{m} message} other {{m} messages}}{channel} {period} — their messages will be deferred',
  capNone: 'Policy caps: none of the entering customers has reached one yet',
  delay: 'A deferred message waits at most {days} d, then it is skipped',
  day: 'today',
  week: 'this week',
  month: 'this month',
};

const OVERLAP_TEXTS = defineTexts<Key>({ ru, en });
export const OVERLAP_DICTIONARIES = OVERLAP_TEXTS.dictionaries;
export const useOverlapT = OVERLAP_TEXTS.useTexts;
