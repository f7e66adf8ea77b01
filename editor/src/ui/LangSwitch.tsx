import { useLang, useT } from '../i18n';

export function LangSwitch() {
  const { t, lang } = useT();
  const setLang = useLang((s) => s.setLang);
  return (
    <button type="button" className="btn-ghost lang-switch" aria-label={t('lang.switchAria')} onClick={() => setLang(lang === 'ru' ? 'en' : 'ru')}>
      {t('lang.switch')}
    </button>
  );
}
