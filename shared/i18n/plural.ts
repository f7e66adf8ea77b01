import type { Lang } from './text';

/**
 * The word forms a count needs: Russian one/few/many («1 день», «2 дня», «5 дней»), English one/other.
 * Russian fractions («1,5 дня») take the genitive singular, which is the `few` form.
 */
export type PluralForms = { ru: readonly [one: string, few: string, many: string]; en: readonly [one: string, other: string] };

// CLDR's rules through Intl: building the rules is the costly part, so one per language.
const rules = new Map<Lang, Intl.PluralRules>();

/** The CLDR plural category of a number: ru one/few/many/other (other = fractions), en one/other. */
export function pluralCategory(lang: Lang, n: number): Intl.LDMLPluralRule {
  let r = rules.get(lang);
  if (!r) {
    r = new Intl.PluralRules(lang);
    rules.set(lang, r);
  }
  return r.select(n);
}

/** The form that fits the number: plural('ru', 5, ['день', 'дня', 'дней']) → 'дней'; plural('en', 1, ['day', 'days']) → 'day'. */
export function plural<L extends Lang>(lang: L, n: number, forms: PluralForms[L]): string {
  const category = pluralCategory(lang, n);
  if (category === 'one') return forms[0];
  if (lang === 'en') return forms[1];
  const ru = forms as PluralForms['ru'];
  return category === 'many' ? ru[2] : ru[1];
}
