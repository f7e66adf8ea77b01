import { create } from 'zustand';
import { formatMessage, type Lang, type MessageParams } from '../../../shared/i18n';
import { en } from './en';
import { ru, type MessageKey } from './ru';

/**
 * The editor's one way to translate: dictionaries of ICU-style templates (shared/i18n/message.ts), `{name}` for a
 * parameter and `{n, plural, one {…} few {…} many {…}}` for a count, in Russian and English with the same keys.
 * Screens with many texts of their own keep them beside the screen as a `defineTexts` dictionary pair.
 */

export type { Lang, MessageKey };
export type Dictionary<K extends string> = Record<K, string>;
export type Translate<K extends string = MessageKey> = (key: K, params?: MessageParams) => string;

const STORAGE_KEY = 'comeback.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ru';
  } catch {
    return 'ru';
  }
}

export const useLang = create<{ lang: Lang; setLang(lang: Lang): void }>((set) => ({
  lang: initialLang(),
  setLang(lang) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    document.documentElement.lang = lang;
    set({ lang });
  },
}));

/** A Russian dictionary and its English twin (the type demands the same keys), with a translate function and a hook. */
export function defineTexts<K extends string>(dictionaries: Record<Lang, Dictionary<K>>) {
  const translate = (lang: Lang, key: K, params?: MessageParams): string => formatMessage(lang, dictionaries[lang][key], params);
  const useTexts = (): { t: Translate<K>; lang: Lang } => {
    const lang = useLang((s) => s.lang);
    return { t: (key, params) => translate(lang, key, params), lang };
  };
  return { dictionaries, translate, useTexts };
}

export const APP_TEXTS = defineTexts<MessageKey>({ ru, en });

export const translate = APP_TEXTS.translate;
export const useT = APP_TEXTS.useTexts;
