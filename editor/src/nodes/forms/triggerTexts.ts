import { defineTexts } from '../../i18n';

/** The words of the triggers other than the daily one, of their re-entry rule, and of «Ждать покупку». */
const ru = {
  reentry: 'Повторный вход',
  reentryAlways: 'каждый раз',
  reentryOnce: 'один раз',
  reentryCooldownBefore: 'не чаще раза в',
  reentryCooldownAfter: '{n, plural, one {день} few {дня} many {дней} other {дня}}',
  reentryDays: 'Дней между входами',
  reentryHint:
    'Сколько раз один клиент может войти в сценарий. В двух прохождениях одного сценария сразу клиент не бывает никогда: событие, пришедшее, пока он внутри, записывается, но второй раз сценарий не запускает.',

  firstOrder: 'Только первый заказ клиента',
  firstOrderHint: 'Первый по дате заказ за всю историю клиента — так ловят тех, кто купил один раз.',
  minAmount: 'Сумма заказа от, ₽',
  anyAmount: 'Пусто — любая сумма.',
  category: 'Категория товара',
  categoryHint: 'В заказе есть хотя бы одна позиция этой категории — как она приходит в заказах (items[].category), например «Кофе». Пусто — любая.',
  orderNote:
    'Заказ, с которого клиент вошёл, не останавливает его прохождение; следующие покупки останавливают, если в настройках включена остановка при покупке.',

  eventType: 'Тип события',
  eventTypeHint: 'Как его называют ваши системы: латинские буквы, цифры и знаки _ . : - без пробелов, до 64 символов, например cart_abandoned.',
  eventTypeInvalid: 'Можно только латинские буквы, цифры и знаки _ . : - без пробелов, до 64 символов.',
  eventCall: 'Так ваши системы сообщают о событии',
  eventCallHint:
    'Токен с правом загрузки данных выдаёт администратор. Событие с уже известным id ничего не запускает второй раз. Поля data доступны в сообщениях как {example}.',

  unit: 'Когда запускать',
  unitDays: 'за N дней',
  unitHours: 'за N часов',
  beforeDays: 'За сколько дней до сгорания',
  beforeDaysHint: '0 — в день, когда баллы сгорают.',
  beforeHours: 'За сколько часов до сгорания',
  hoursHint: 'Проверка идёт каждый час: клиент войдёт в течение часа после того, как до сгорания останется {n} ч.',
  checkAt: 'Время проверки',
  checkAtHint: 'Каждый день в это время по часовому поясу сценария ({zone}).',
  minPoints: 'Сгорает не меньше, баллов',
  anyPoints: 'Пусто — сколько бы ни сгорало.',
  expiryNote: 'Речь о баллах, начисленных клиенту со сроком действия. Клиент входит один раз на каждое сгорание.',

  daysBefore: 'За сколько дней до дня рождения',
  daysBeforeHint: '0 — в сам день рождения.',
  startAt: 'Время запуска',
  birthdayNote:
    'Нужна дата рождения клиента: клиенты без неё в сценарий не войдут. Вход — раз в год. У родившихся 29 февраля в невисокосные годы день рождения считается 28 февраля.',

  segment: 'Сегмент',
  segmentPick: '— выберите сегмент —',
  segmentCustomers: '{name} · сейчас {n}',
  segmentsLoading: 'Загружаем сегменты…',
  segmentsFailed: 'Не удалось загрузить сегменты: {error}',
  segmentsNone: 'Сохранённых сегментов пока нет: сохраните фильтр как сегмент на экране RFM.',
  segmentGone: 'Этого сегмента больше нет — выберите другой.',
  segmentNote:
    'Клиент входит, когда при проверке он в сегменте, а при прошлой проверке его там не было (например, стал «Спящим»). Первая проверка после публикации только запоминает, кто уже в сегменте.',
  segmentLabel: 'Попал в «{name}»',

  waitDays: 'Ждать до, дней',
  waitHours: 'и часов',
  purchaseFrom: 'Заказ от, ₽',
  anyOrder: 'Пусто — подойдёт любой заказ.',
  exits: 'Два выхода: «купил» — сразу, как только клиент сделал заказ, не дожидаясь конца срока; «не купил» — когда срок вышел, а заказа не было.',
  noStop: 'Здесь покупка не останавливает прохождение, даже если в настройках включена остановка при покупке: клиент идёт дальше через «купил».',
  summary: 'Итого: {text}',

  byEvent:
    'Клиенты входят по событию, а не по ежедневному отбору, поэтому заранее посчитать аудиторию нельзя. Фильтр сразу после запуска проверяется в момент события.',
  byEventChip: 'вход по событию',
  oneTrigger: 'В сценарии уже есть запуск «{name}», а запуск может быть только один. Удалите его, чтобы выбрать другой.',
  galleryTriggers: 'Пустой сценарий с другим запуском:',
};
type Key = keyof typeof ru;
const en: Record<Key, string> = {
  reentry: 'Entering again',
  reentryAlways: 'every time',
  reentryOnce: 'once',
  reentryCooldownBefore: 'at most once per',
  reentryCooldownAfter: '{n, plural, one {day} other {days}}',
  reentryDays: 'Days between entries',
  reentryHint:
    'How often one customer may enter the scenario. A customer is never in two runs of one scenario at once: an event that arrives while they are inside is recorded but does not start the scenario again.',

  firstOrder: 'Only the customer’s first order',
  firstOrderHint: 'The first order by date in the customer’s whole history — this catches one-time buyers.',
  minAmount: 'Order amount from, ₽',
  anyAmount: 'Empty: any amount.',
  category: 'Product category',
  categoryHint: 'The order has at least one line of this category, as orders carry it (items[].category), e.g. "Coffee". Empty: any.',
  orderNote: 'The order the customer entered on does not stop their run; later purchases do, when the scenario stops on purchase.',

  eventType: 'Event type',
  eventTypeHint: 'As your systems name it: Latin letters, digits and _ . : - without spaces, up to 64 characters, e.g. cart_abandoned.',
  eventTypeInvalid: 'Only Latin letters, digits and _ . : - without spaces, up to 64 characters.',
  eventCall: 'How your systems report the event',
  eventCallHint:
    'An admin issues a token with the data upload right. An event whose id is already known starts nothing again. The data fields are available in messages as {example}.',

  unit: 'When to start',
  unitDays: 'N days before',
  unitHours: 'N hours before',
  beforeDays: 'Days before the points expire',
  beforeDaysHint: '0: on the day they expire.',
  beforeHours: 'Hours before the points expire',
  hoursHint: 'Checked every hour: the customer enters within an hour of having {n} h left.',
  checkAt: 'Check at',
  checkAtHint: 'Every day at this time in the scenario’s time zone ({zone}).',
  minPoints: 'At least this many points expiring',
  anyPoints: 'Empty: any amount.',
  expiryNote: 'About points granted to the customer with an expiry. A customer enters once per expiry.',

  daysBefore: 'Days before the birthday',
  daysBeforeHint: '0: on the birthday itself.',
  startAt: 'Start at',
  birthdayNote:
    'Needs the customer’s birth date: customers without one never enter. Once a year. For customers born on 29 February the birthday is 28 February in other years.',

  segment: 'Segment',
  segmentPick: '— choose a segment —',
  segmentCustomers: '{name} · {n} now',
  segmentsLoading: 'Loading segments…',
  segmentsFailed: 'Could not load segments: {error}',
  segmentsNone: 'No saved segments yet: save a filter as a segment on the RFM screen.',
  segmentGone: 'This segment no longer exists — choose another.',
  segmentNote:
    'A customer enters when they are in the segment at a check and were not at the previous one (e.g. became "Sleeping"). The first check after publishing only notes who is in the segment already.',
  segmentLabel: 'Entered "{name}"',

  waitDays: 'Wait up to, days',
  waitHours: 'and hours',
  purchaseFrom: 'Order from, ₽',
  anyOrder: 'Empty: any order.',
  exits: 'Two exits: "bought" — the moment the customer places an order, without waiting for the time to pass; "no purchase" — when the time is up without an order.',
  noStop: 'A purchase does not stop the run here, even when the scenario stops on purchase: the customer goes on through "bought".',
  summary: 'Total: {text}',

  byEvent: 'Customers enter on an event, not by a daily selection, so the audience cannot be counted in advance. The filter right after the trigger is checked at the moment of the event.',
  byEventChip: 'enters on events',
  oneTrigger: 'The scenario already has the trigger "{name}", and it can have only one. Delete it to choose another.',
  galleryTriggers: 'A blank scenario with another trigger:',
};

const TRIGGER_TEXTS = defineTexts<Key>({ ru, en });
export const TRIGGER_DICTIONARIES = TRIGGER_TEXTS.dictionaries;
export const useTriggerT = TRIGGER_TEXTS.useTexts;
export const triggerText = TRIGGER_TEXTS.translate;
