import type { Lang } from '../../../shared/i18n';
import { CHANNEL_NAMES } from '../../../shared/i18n/channels';
import { formatNumber, formatRub } from '../../../shared/i18n/format';
import { NODE_SPECS, type NodeType, type ScenarioNode } from '../../../shared/scenario/schema';
import { nodeSummary } from '../document/ports';
import type { FieldChange } from './diff';
import { VERSIONS_TEXTS, versionsText, type VersionsTextKey } from './texts';

/**
 * A field change as a marketer reads it: the field's name and both values in words («Ждать: 3 дня → 5 дней»).
 * Texts (a message, a subject, a name) stay whole so the view can show a word diff of them.
 */
export interface ChangeInWords {
  field: string;
  label: string;
  kind: 'text' | 'value';
  /** Absent on the side that lacks the field (or the node). */
  before?: string;
  after?: string;
}

const TEXT_FIELDS = new Set(['text', 'subject', 'label', 'name', 'description']);

export function changeInWords(change: FieldChange, lang: Lang): ChangeInWords {
  const kind = TEXT_FIELDS.has(change.field) ? 'text' : 'value';
  const words = (value: unknown) => (value === undefined || value === null || value === '' ? undefined : valueInWords(change.field, value, lang));
  return { field: change.field, label: fieldLabel(change.field, lang), kind, before: words(change.before), after: words(change.after) };
}

export function fieldLabel(field: string, lang: Lang): string {
  const key = `field_${field}`;
  return key in VERSIONS_TEXTS.dictionaries[lang] ? versionsText(lang, key as VersionsTextKey) : field;
}

/** One value of a field in words; a field this file does not know is shown as it is stored. */
export function valueInWords(field: string, value: unknown, lang: Lang): string {
  const t = (key: VersionsTextKey, params?: Record<string, string | number>) => versionsText(lang, key, params);
  const number = (n: unknown) => (typeof n === 'number' ? formatNumber(n, lang) : String(n));
  switch (field) {
    case 'type':
      return NODE_SPECS[value as NodeType]?.label[lang] ?? String(value);
    case 'at':
      return t('at', { time: String(value) });
    case 'condition':
      return nodeSummary({ id: 'condition', type: 'filter', config: { condition: value } } as ScenarioNode, lang);
    case 'count':
    case 'scope':
    case 'role':
      return t(`${field}_${String(value)}` as VersionsTextKey);
    case 'max':
      return t('max', { n: number(value) });
    case 'channel':
      return CHANNEL_NAMES[value as keyof typeof CHANNEL_NAMES]?.[lang] ?? String(value);
    case 'fallbackChannels': {
      const list = value as string[];
      return list.length ? list.map((c) => CHANNEL_NAMES[c as keyof typeof CHANNEL_NAMES]?.[lang] ?? c).join(', ') : t('off');
    }
    case 'days':
    case 'periodDays':
    case 'withinDays':
    case 'expiresInDays':
    case 'conversionWindowDays':
      return t('days', { n: value as number });
    case 'hours':
    case 'expiresInHours':
      return t('hours', { n: value as number });
    case 'points':
      return t('points', { n: value as number });
    case 'minAmount':
      return formatRub(value as number, lang);
    case 'holdoutPct':
      return t('percent', { n: number(value) });
    case 'variants':
      return (value as Array<{ label: string; weight: number }>).map((v) => t('variant', { label: v.label, weight: number(v.weight) })).join(' / ');
    case 'stopOnPurchase':
      return value ? t('yes') : t('no');
    case 'quietHours': {
      const q = value as { start: string; end: string };
      return t('quiet', { start: q.start, end: q.end });
    }
    case 'budget': {
      const b = value as { avgCheck: number; marginPct: number; maxShareOfMarginPct: number };
      return t('budget', { check: formatRub(b.avgCheck, lang), margin: number(b.marginPct), share: number(b.maxShareOfMarginPct) });
    }
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** A setting switched off reads «нет», not a dash: «Тихие часы: нет → с 21:00 до 09:00». */
export function settingInWords(change: FieldChange, lang: Lang): ChangeInWords {
  const words = changeInWords(change, lang);
  const off = versionsText(lang, 'off');
  if (change.field === 'quietHours' || change.field === 'budget') return { ...words, before: words.before ?? off, after: words.after ?? off };
  return words;
}
