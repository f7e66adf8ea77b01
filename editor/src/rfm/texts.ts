import { useLang, type Lang } from '../i18n';

/** The RFM screen's texts, Russian first; kept beside the screen so the shared dictionaries stay small. */
const ru = {
  title: 'RFM-матрица',
  subtitle: 'Кто покупает, кто засыпает: клиенты по числу заказов и давности последней покупки',
  ordersAxis: 'Количество заказов',
  daysAxis: 'Дней с момента последней покупки',
  total: 'Итого',
  customers: '{n} {word}',
  sales: '{n} {word}',
  avgCheck: '{n} ср.чек',
  share: '{n} %',
  edgesOrders: 'Границы по заказам',
  edgesDays: 'Границы по дням',
  edgesHint: 'Нижние границы через запятую, по возрастанию',
  apply: 'Пересчитать',
  reset: 'Как в вебинаре',
  overlay: 'Реактивация по ячейкам',
  overlayHint: 'Доля клиентов, вошедших в сценарии из этой ячейки, которые купили в течение 30 дней после входа',
  overlayCell: 'реактивация {rate} % ({returned} из {entered})',
  overlayNone: 'реактивация: нет входов',
  withoutOrders: 'Без заказов: {n} клиентов (не входят в матрицу)',
  belowFirst: 'Меньше {edge} заказов: {n} клиентов (не входят в матрицу)',
  asOf: 'Данные на {at}',
  exportMatrix: 'Матрица в Excel',
  loading: 'Считаем…',
  loadFailed: 'Не удалось посчитать матрицу: {error}',
  region_sleeping: 'Спящие',
  region_leaving: 'Уходящие',
  region_promising: 'Перспективные',
  legend: 'Области:',
  cellTitle: 'Ячейка: заказов {orders}, дней без покупок {days}',
  cellSummary: '{customers} клиентов · {sales} продаж · доля продаж {share} % · ср. чек {check}',
  exportAll: 'Выгрузить всё в Excel',
  exportCsv: 'CSV',
  createScenario: 'Создать сценарий для этого сегмента',
  creating: 'Создаём…',
  createFailed: 'Не удалось создать сценарий: {error}',
  close: 'Закрыть',
  col_id: 'ID',
  col_name: 'Имя',
  col_contacts: 'Контакты',
  col_city: 'Город',
  col_orders: 'Заказов',
  col_spent: 'Сумма',
  col_check: 'Ср. чек',
  col_last: 'Последняя покупка',
  col_days: 'Дней',
  more: 'Показать ещё',
  noCustomers: 'В этой ячейке нет клиентов',
  shown: 'Показано {n} из {total}',
  segments: 'Сегменты',
  segmentsHint: 'Сохранённые фильтры: их условие становится фильтром аудитории сценария',
  segmentBuiltin: 'встроенный',
  segmentDelete: 'Удалить',
  segmentDeleted: 'Сегмент удалён',
  segmentSave: 'Сохранить ячейку как сегмент',
  segmentName: 'Название сегмента',
  segmentSaveButton: 'Сохранить сегмент',
  segmentSaved: 'Сегмент «{name}» сохранён',
  segmentExport: 'Excel',
  cellSegmentName: 'RFM: заказов {orders}, дней без покупок {days}',
} as const;

type Key = keyof typeof ru;

const en: Record<Key, string> = {
  title: 'RFM matrix',
  subtitle: 'Who buys and who falls asleep: customers by number of orders and days since the last purchase',
  ordersAxis: 'Number of orders',
  daysAxis: 'Days since the last purchase',
  total: 'Total',
  customers: '{n} {word}',
  sales: '{n} {word}',
  avgCheck: '{n} avg. check',
  share: '{n} %',
  edgesOrders: 'Order edges',
  edgesDays: 'Day edges',
  edgesHint: 'Lower edges, comma-separated, increasing',
  apply: 'Recalculate',
  reset: 'As in the webinar',
  overlay: 'Reactivation per cell',
  overlayHint: 'Share of customers who entered scenarios from this cell and bought within 30 days of entry',
  overlayCell: 'reactivation {rate} % ({returned} of {entered})',
  overlayNone: 'reactivation: no entries',
  withoutOrders: 'Without orders: {n} customers (not in the matrix)',
  belowFirst: 'Fewer than {edge} orders: {n} customers (not in the matrix)',
  asOf: 'As of {at}',
  exportMatrix: 'Matrix to Excel',
  loading: 'Calculating…',
  loadFailed: 'Could not calculate the matrix: {error}',
  region_sleeping: 'Sleeping',
  region_leaving: 'Leaving',
  region_promising: 'Promising',
  legend: 'Regions:',
  cellTitle: 'Cell: {orders} orders, {days} days without purchases',
  cellSummary: '{customers} customers · {sales} sales · {share} % of sales · avg. check {check}',
  exportAll: 'Export all to Excel',
  exportCsv: 'CSV',
  createScenario: 'Create a scenario for this segment',
  creating: 'Creating…',
  createFailed: 'Could not create the scenario: {error}',
  close: 'Close',
  col_id: 'ID',
  col_name: 'Name',
  col_contacts: 'Contacts',
  col_city: 'City',
  col_orders: 'Orders',
  col_spent: 'Spent',
  col_check: 'Avg. check',
  col_last: 'Last purchase',
  col_days: 'Days',
  more: 'Show more',
  noCustomers: 'No customers in this cell',
  shown: 'Showing {n} of {total}',
  segments: 'Segments',
  segmentsHint: "Saved filters: a segment's condition becomes a scenario's audience filter",
  segmentBuiltin: 'built-in',
  segmentDelete: 'Delete',
  segmentDeleted: 'Segment deleted',
  segmentSave: 'Save the cell as a segment',
  segmentName: 'Segment name',
  segmentSaveButton: 'Save segment',
  segmentSaved: 'Segment "{name}" saved',
  segmentExport: 'Excel',
  cellSegmentName: 'RFM: {orders} orders, {days} days without purchases',
};

const WORDS = {
  customers: { ru: ['клиент', 'клиента', 'клиентов'], en: ['customer', 'customers'] },
  sales: { ru: ['продажа', 'продажи', 'продаж'], en: ['sale', 'sales'] },
} as const;

/** «1 клиент», «3 клиента», «7 клиентов» (Russian plural rules via Intl). */
function countWord(lang: Lang, what: keyof typeof WORDS, n: number): string {
  const rule = new Intl.PluralRules(lang === 'en' ? 'en' : 'ru').select(n);
  if (lang === 'en') return WORDS[what].en[rule === 'one' ? 0 : 1];
  const [one, few, many] = WORDS[what].ru;
  return rule === 'one' ? one : rule === 'few' ? few : many;
}

export type RfmText = (key: Key, params?: Record<string, string | number>) => string;

export function rfmText(lang: Lang, key: Key, params?: Record<string, string | number>): string {
  if ((key === 'customers' || key === 'sales') && params && params.count !== undefined) {
    params = { ...params, word: countWord(lang, key, Number(params.count)) };
  }
  const text = lang === 'en' ? en[key] : ru[key];
  return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
}

export function useRfmT(): { t: RfmText; lang: Lang } {
  const lang = useLang((s) => s.lang);
  return { t: (key, params) => rfmText(lang, key, params), lang };
}
