import { defineTexts } from '../../i18n';

/** The words of «Ждать до времени» and of «в обычный час клиента» on send and reminder. */
const ru = {
  mode: 'До чего ждать',
  modeTime: 'время дня',
  modeDate: 'дата',
  from: 'Дата',
  fromBirthday: 'день рождения клиента',
  fromEvent: 'день события, с которого вошёл',
  offset: 'Сдвиг, дней',
  offsetHint: 'Минус — раньше даты (−1: накануне), плюс — позже, 0 — в сам день.',
  dateRule: 'Время — по часам клиента. Если дата неизвестна (нет даты рождения, вход не по событию) или уже прошла, клиент сразу идёт дальше, а журнал говорит почему.',
  time: 'Время',
  timeHint: 'По часовому поясу клиента; у кого он не указан — по часовому поясу сценария ({zone}).',
  weekdays: 'Дни недели',
  weekdaysHint: 'Не выбран ни один день — подойдёт любой.',
  rule: 'Клиент, пришедший ровно в {time} или позже, ждёт до {time} следующего подходящего дня.',
  summary: 'Итого: {text}',
  customerHour: 'Отправить в обычный час покупок клиента',
  hourBadge: 'в час клиента',
  hourBadgeTitle: 'Уходит в обычный час покупок клиента (или в час сценария), по его часам',
  customerHourHint:
    'Сообщение подождёт до часа, в который клиент чаще всего покупал (по его последним заказам, нужно не меньше 3, по его часовому поясу). У кого заказов меньше — в час сценария: {at}, время ежедневного запуска, по часам клиента. Тихие часы соблюдаются всегда.',
  customerHourHintEntry:
    'Сообщение подождёт до часа, в который клиент чаще всего покупал (по его последним заказам, нужно не меньше 3, по его часовому поясу). У кого заказов меньше — в тот час, когда клиент вошёл в сценарий, по его часам. Тихие часы соблюдаются всегда.',
};
type Key = keyof typeof ru;
const en: Record<Key, string> = {
  mode: 'Wait until',
  modeTime: 'a time of day',
  modeDate: 'a date',
  from: 'Date',
  fromBirthday: 'the customer’s birthday',
  fromEvent: 'the day of the event they entered on',
  offset: 'Shift, days',
  offsetHint: 'Minus is before the date (−1: the day before), plus after it, 0 on the day itself.',
  dateRule: 'The time is on the customer’s clock. When the date is unknown (no birth date, an entry not on an event) or has passed, the customer goes on at once and the journal says why.',
  time: 'Time',
  timeHint: 'In the customer’s time zone; for customers without one, in the scenario’s ({zone}).',
  weekdays: 'Weekdays',
  weekdaysHint: 'No day chosen means any day.',
  rule: 'A customer who arrives at {time} exactly or later waits until {time} of the next allowed day.',
  summary: 'Total: {text}',
  customerHour: 'Send at the customer’s usual buying hour',
  hourBadge: 'customer’s hour',
  hourBadgeTitle: 'Goes at the customer’s usual buying hour (or the scenario’s hour), on their clock',
  customerHourHint:
    'The message waits until the hour this customer has bought at most often (from their latest orders, at least 3 needed, in their time zone). With fewer orders, at the scenario’s hour: {at}, the daily start time, on the customer’s clock. Quiet hours always apply.',
  customerHourHintEntry:
    'The message waits until the hour this customer has bought at most often (from their latest orders, at least 3 needed, in their time zone). With fewer orders, at the hour the customer entered the scenario, on their clock. Quiet hours always apply.',
};

const TIMING_TEXTS = defineTexts<Key>({ ru, en });
export const TIMING_DICTIONARIES = TIMING_TEXTS.dictionaries;
export const useTimingT = TIMING_TEXTS.useTexts;
