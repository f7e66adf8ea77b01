/** The product's languages, Russian first. */
export const LANGS = ['ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** A text a person reads, in both languages. */
export type Text = { ru: string; en: string };
