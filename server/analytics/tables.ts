import { CHANNEL_NAMES } from '../../shared/i18n/channels';
import type { Channel } from '../../shared/scenario/channels';
import type { Table } from '../export/table';
import type { AbReport } from '../../shared/api/analytics';
import type { ScenarioReport } from './report';
import type { ReportScope } from './scope';

/** The report's tables as offered for download: `?format=csv|xlsx&table=…`. */
export const REPORT_TABLES = ['summary', 'funnel', 'daily', 'channels'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

function baseName(scope: ReportScope, what: string): string {
  const version = scope.version !== null ? ` v${scope.version}` : '';
  const period = scope.from || scope.to ? ` ${scope.from ?? '…'}—${scope.to ?? '…'}` : '';
  return `${scope.name}${version} — ${what}${period}`.replace(/[\\/:*?"<>|]/g, ' ');
}

export function reportTable(scope: ReportScope, report: ScenarioReport, table: ReportTable): Table<Record<string, string | number | null>> {
  const t = report.totals;
  switch (table) {
    case 'summary':
      return {
        fileName: baseName(scope, 'итоги'),
        sheet: 'Итоги',
        columns: [
          { key: 'metric', title: { ru: 'Показатель', en: 'Metric' } },
          { key: 'value', title: { ru: 'Значение', en: 'Value' }, format: 'number' },
        ],
        rows: [
          { metric: 'Вошли в сценарий (входов)', value: t.entered },
          { metric: 'Уникальных клиентов', value: t.customers },
          { metric: 'Вернулись (конверсии)', value: t.returned },
          { metric: 'Коэффициент реактивации, %', value: t.reactivationRate },
          { metric: 'Выручка от вернувшихся, ₽', value: t.revenue },
          { metric: 'Заказов в окне конверсии', value: t.orders },
          { metric: 'Начислено бонусов, баллов', value: t.bonusGranted },
          { metric: 'Потрачено бонусов, баллов', value: t.bonusSpent },
          { metric: 'Отправлено сообщений', value: t.messagesSent },
          { metric: 'Стоимость сообщений, ₽', value: t.messageCost },
          { metric: 'Затраты всего (сообщения + бонусы по 1 ₽), ₽', value: t.cost },
          { metric: 'Затраты на одного вернувшегося, ₽', value: t.costPerReactivated },
        ],
      };
    case 'funnel':
      return {
        fileName: baseName(scope, 'воронка'),
        sheet: 'Воронка',
        columns: [
          { key: 'node', title: { ru: 'Узел', en: 'Node' } },
          { key: 'nodeId', title: { ru: 'Id узла', en: 'Node id' } },
          { key: 'port', title: { ru: 'Выход', en: 'Port' } },
          { key: 'count', title: { ru: 'Клиентов (входов)', en: 'Runs' }, format: 'integer' },
          { key: 'sent', title: { ru: 'Отправлено сообщений', en: 'Messages sent' }, format: 'integer' },
          { key: 'cost', title: { ru: 'Стоимость, ₽', en: 'Cost, ₽' }, format: 'money' },
        ],
        rows: report.funnel.flatMap((node) => [
          { node: node.name, nodeId: node.nodeId, port: '', count: node.reached, sent: node.messages.sent, cost: node.messages.cost },
          ...node.ports.map((p) => ({ node: node.name, nodeId: node.nodeId, port: p.port, count: p.count, sent: null, cost: null })),
        ]),
      };
    case 'daily':
      return {
        fileName: baseName(scope, 'по дням'),
        sheet: 'По дням',
        timeZone: 'UTC',
        columns: [
          { key: 'day', title: { ru: 'День', en: 'Day' }, format: 'date' },
          { key: 'entered', title: { ru: 'Вошли', en: 'Entered' }, format: 'integer' },
          { key: 'returned', title: { ru: 'Вернулись', en: 'Returned' }, format: 'integer' },
          { key: 'revenue', title: { ru: 'Выручка, ₽', en: 'Revenue, ₽' }, format: 'money' },
          { key: 'cost', title: { ru: 'Стоимость сообщений, ₽', en: 'Message cost, ₽' }, format: 'money' },
        ],
        // Days are already local calendar days: read them at UTC midnight so no zone shifts them.
        rows: report.daily.map((d) => ({ ...d, day: `${d.day}T00:00:00Z` })),
      };
    case 'channels':
      return {
        fileName: baseName(scope, 'каналы'),
        sheet: 'Каналы',
        columns: [
          { key: 'channel', title: { ru: 'Канал', en: 'Channel' } },
          { key: 'sent', title: { ru: 'Отправлено', en: 'Sent' }, format: 'integer' },
          { key: 'failed', title: { ru: 'Ошибки', en: 'Failed' }, format: 'integer' },
          { key: 'cost', title: { ru: 'Стоимость, ₽', en: 'Cost, ₽' }, format: 'money' },
        ],
        rows: report.channels.map((c) => ({ channel: CHANNEL_NAMES[c.channel as Channel]?.ru ?? c.channel, sent: c.sent, failed: c.failed, cost: c.cost })),
      };
  }
}

/** One row per split and group, with the comparison against the control. */
export function abTable(scope: ReportScope, report: AbReport): Table<Record<string, string | number | null>> {
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? null : x * 100);
  return {
    fileName: baseName(scope, 'A-B тест'),
    sheet: 'A-B тест',
    columns: [
      { key: 'split', title: { ru: 'A/B-тест', en: 'Split' } },
      { key: 'group', title: { ru: 'Группа', en: 'Group' } },
      { key: 'entered', title: { ru: 'Вошли', en: 'Entered' }, format: 'integer' },
      { key: 'converted', title: { ru: 'Вернулись', en: 'Converted' }, format: 'integer' },
      { key: 'rate', title: { ru: 'Конверсия, %', en: 'Conversion, %' }, format: 'percent' },
      { key: 'rateLow', title: { ru: 'ДИ 95 % от, %', en: '95% CI low, %' }, format: 'percent' },
      { key: 'rateHigh', title: { ru: 'ДИ 95 % до, %', en: '95% CI high, %' }, format: 'percent' },
      { key: 'upliftAbs', title: { ru: 'Прирост, п.п.', en: 'Uplift, pp' }, format: 'number' },
      { key: 'upliftRel', title: { ru: 'Прирост, %', en: 'Uplift, %' }, format: 'percent' },
      { key: 'pValue', title: { ru: 'p-значение', en: 'p-value' } },
      { key: 'revenue', title: { ru: 'Выручка, ₽', en: 'Revenue, ₽' }, format: 'money' },
      { key: 'revenuePerCustomer', title: { ru: 'Выручка на клиента, ₽', en: 'Revenue per customer, ₽' }, format: 'money' },
      { key: 'stillNeeded', title: { ru: 'Нужно ещё клиентов в группу', en: 'More customers needed per group' }, format: 'integer' },
      { key: 'verdict', title: { ru: 'Вывод', en: 'Verdict' } },
    ],
    rows: report.splits.flatMap((split) =>
      split.groups.map((g) => ({
        split: split.name,
        group: g.isControl ? `${g.label} (контроль)` : g.label,
        entered: g.entered,
        converted: g.converted,
        rate: pct(g.rate),
        rateLow: pct(g.rateCi?.low),
        rateHigh: pct(g.rateCi?.high),
        upliftAbs: g.comparison?.upliftAbs == null ? null : g.comparison.upliftAbs * 100,
        upliftRel: pct(g.comparison?.upliftRel),
        pValue: g.comparison?.pValue ?? null,
        revenue: g.revenue,
        revenuePerCustomer: g.revenuePerCustomer,
        stillNeeded: g.comparison?.stillNeeded ?? null,
        verdict: g.comparison?.text.ru ?? '',
      })),
    ),
  };
}
