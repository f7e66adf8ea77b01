import { create } from 'zustand';
import { en } from './en';
import { ru, type MessageKey } from './ru';

export type Lang = 'ru' | 'en';
export type { MessageKey };

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { ru, en };
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

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const text = DICTIONARIES[lang][key];
  return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function useT(): { t: Translate; lang: Lang } {
  const lang = useLang((s) => s.lang);
  return { t: (key, params) => translate(lang, key, params), lang };
}
