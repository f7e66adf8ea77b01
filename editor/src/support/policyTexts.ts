import type { CustomerCard } from '../../../shared/api/support';
import { defineTexts, type Lang } from '../i18n';

/** The customer card's texts about the communication policy (issue 14), Russian first, kept beside the card. */
const ru = {
  controlMember: 'В глобальной контрольной группе ({pct} %): не получает маркетинговых сообщений',
  controlNotMember: 'Не в глобальной контрольной группе ({pct} %)',
  skipsTitle: 'Не вошёл в сценарии',
  skipControl: 'Не вошёл в «{name}» {date}: в глобальной контрольной группе',
  skipRunning: 'Не вошёл в «{name}» {date}: уже в «{other}» (одна группа исключения)',
  skipPriority: 'Не вошёл в «{name}» {date}: в этот день его взял «{other}» — приоритет выше (одна группа исключения)',
  otherDeleted: 'другой сценарий',
};

type Key = keyof typeof ru;

const en: Record<Key, string> = {
  controlMember: 'In the global control group ({pct} %): gets no marketing messages',
  controlNotMember: 'Not in the global control group ({pct} %)',
  skipsTitle: 'Did not enter',
  skipControl: 'Did not enter “{name}” on {date}: in the global control group',
  skipRunning: 'Did not enter “{name}” on {date}: already in “{other}” (same exclusivity group)',
  skipPriority: 'Did not enter “{name}” on {date}: “{other}” took them that day — higher priority (same exclusivity group)',
  otherDeleted: 'another scenario',
};

const POLICY_TEXTS = defineTexts<Key>({ ru, en });
export const usePolicyT = POLICY_TEXTS.useTexts;

/** 5 → «5», 2.5 → «2,5» (ru) / "2.5" (en). */
const pct = (n: number, lang: Lang) => new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 1 }).format(n);

/** The control-group line of the card; null when the shop has no control group. */
export function controlGroupLine(group: CustomerCard['controlGroup'], lang: Lang): string | null {
  if (group.sharePct <= 0) return null;
  return POLICY_TEXTS.translate(lang, group.member ? 'controlMember' : 'controlNotMember', { pct: pct(group.sharePct, lang) });
}

/** «Не вошёл в «Уходящие» 30.11: уже в «Спящие» (одна группа исключения)»: the firing's local day as dd.mm. */
export function entrySkipLine(skip: CustomerCard['entrySkips'][number], lang: Lang): string {
  const [, month, day] = skip.day.split('-');
  const params = { name: skip.scenarioName, date: `${day}.${month}`, other: skip.otherScenarioName ?? POLICY_TEXTS.translate(lang, 'otherDeleted') };
  const key: Key = skip.reason === 'control' ? 'skipControl' : skip.reason === 'exclusive_running' ? 'skipRunning' : 'skipPriority';
  return POLICY_TEXTS.translate(lang, key, params);
}
