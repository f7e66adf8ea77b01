import { formatFixed, formatNumber } from '../i18n/format';
import type { Lang } from '../i18n/text';
import { MIN_GROUP_SIZE, type Comparison } from './compare';

const num = (x: number, lang: Lang, digits: number) => formatFixed(x, lang, digits);
const pct = (x: number, lang: Lang) => num(x * 100, lang, 1);
const int = (n: number, lang: Lang) => formatNumber(n, lang);

/** What a variant is compared with: the holdout, or (without one) another variant's label. */
export type ControlRef = { holdout: true } | { holdout: false; label: string };

/**
 * The comparison in one plain sentence for a marketer, e.g. «Подарок» возвращает больше клиентов, чем контрольная
 * группа: +4,2 п.п. (p = 0,003).
 */
export function verdictText(variantName: string, control: ControlRef, c: Comparison, lang: Lang): string {
  // Russian needs the control in two cases: «чем контрольная группа», «с контрольной группой».
  const nominative = control.holdout ? (lang === 'ru' ? 'контрольная группа' : 'the holdout') : lang === 'ru' ? `«${control.label}»` : `"${control.label}"`;
  const instrumental = control.holdout ? (lang === 'ru' ? 'контрольной группой' : 'the holdout') : nominative;
  const p = c.pValue === null ? '' : ` (p = ${c.pValue < 0.001 ? (lang === 'ru' ? '< 0,001' : '< 0.001') : num(c.pValue, lang, 3)})`;
  const diff = c.upliftAbs === null ? '' : `${c.upliftAbs >= 0 ? '+' : '−'}${pct(Math.abs(c.upliftAbs), lang)}`;
  switch (c.verdict) {
    case 'better':
      return lang === 'ru'
        ? `«${variantName}» возвращает больше клиентов, чем ${nominative}: ${diff} п.п.${p}. Разница статистически значима.`
        : `"${variantName}" brings back more customers than ${nominative}: ${diff} pp${p}. The difference is significant.`;
    case 'worse':
      return lang === 'ru'
        ? `«${variantName}» возвращает меньше клиентов, чем ${nominative}: ${diff} п.п.${p}. Разница статистически значима.`
        : `"${variantName}" brings back fewer customers than ${nominative}: ${diff} pp${p}. The difference is significant.`;
    case 'no_difference':
      return lang === 'ru'
        ? `Разницы между «${variantName}» и ${instrumental} не видно${p}, хотя данных уже достаточно: вариант не лучше.`
        : `No difference between "${variantName}" and ${instrumental}${p}, with enough data: the variant is not better.`;
    case 'not_enough_data': {
      const more =
        c.stillNeeded && c.stillNeeded > 0
          ? lang === 'ru'
            ? ` Нужно ещё около ${int(c.stillNeeded, lang)} клиентов в каждой группе.`
            : ` About ${int(c.stillNeeded, lang)} more customers are needed in each group.`
          : lang === 'ru'
            ? ` Нужно хотя бы ${MIN_GROUP_SIZE} клиентов в каждой группе и несколько возвратов.`
            : ` At least ${MIN_GROUP_SIZE} customers per group and a few returns are needed.`;
      return lang === 'ru' ? `Пока недостаточно данных, чтобы сравнить «${variantName}» с ${instrumental}.${more}` : `Not enough data yet to compare "${variantName}" with ${instrumental}.${more}`;
    }
  }
}
