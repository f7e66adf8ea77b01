import { MIN_GROUP_SIZE, type Comparison } from './compare';

const num = (x: number, lang: 'ru' | 'en', digits: number) =>
  x.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (x: number, lang: 'ru' | 'en') => num(x * 100, lang, 1);
const int = (n: number, lang: 'ru' | 'en') => n.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-US');

/**
 * The comparison in one plain sentence for a marketer, e.g. «Вариант «Подарок» возвращает больше клиентов, чем
 * контрольная группа: +4,2 п.п. (p = 0,003)». `controlName` is what the variant was compared with.
 */
export function verdictText(variantName: string, controlName: string, c: Comparison, lang: 'ru' | 'en'): string {
  const p = c.pValue === null ? '' : ` (p = ${c.pValue < 0.001 ? (lang === 'ru' ? '< 0,001' : '< 0.001') : num(c.pValue, lang, 3)})`;
  const diff = c.upliftAbs === null ? '' : `${c.upliftAbs >= 0 ? '+' : '−'}${pct(Math.abs(c.upliftAbs), lang)}`;
  switch (c.verdict) {
    case 'better':
      return lang === 'ru'
        ? `«${variantName}» возвращает больше клиентов, чем «${controlName}»: ${diff} п.п.${p}. Разница статистически значима.`
        : `"${variantName}" brings back more customers than "${controlName}": ${diff} pp${p}. The difference is significant.`;
    case 'worse':
      return lang === 'ru'
        ? `«${variantName}» возвращает меньше клиентов, чем «${controlName}»: ${diff} п.п.${p}. Разница статистически значима.`
        : `"${variantName}" brings back fewer customers than "${controlName}": ${diff} pp${p}. The difference is significant.`;
    case 'no_difference':
      return lang === 'ru'
        ? `Разницы между «${variantName}» и «${controlName}» не видно${p}, хотя данных уже достаточно: вариант не лучше.`
        : `No difference between "${variantName}" and "${controlName}"${p}, with enough data: the variant is not better.`;
    case 'not_enough_data': {
      const more =
        c.stillNeeded && c.stillNeeded > 0
          ? lang === 'ru'
            ? ` Нужно ещё около ${int(c.stillNeeded, lang)} клиентов в каждой группе.`
            : ` About ${int(c.stillNeeded, lang)} more customers are needed in each group.`
          : lang === 'ru'
            ? ` Нужно хотя бы ${MIN_GROUP_SIZE} клиентов в каждой группе и несколько возвратов.`
            : ` At least ${MIN_GROUP_SIZE} customers per group and a few returns are needed.`;
      return lang === 'ru' ? `Пока недостаточно данных, чтобы сравнить «${variantName}» и «${controlName}».${more}` : `Not enough data yet to compare "${variantName}" with "${controlName}".${more}`;
    }
  }
}
