import { useEffect, useState } from 'react';
import { currentUser, logout, type SessionUser } from './api/auth';
import { ApiError, onUnauthorized } from './api/http';
import { useLang, useT } from './i18n';
import { useRoute } from './router';
import { LoginScreen } from './screens/LoginScreen';
import { ScenarioListScreen } from './screens/ScenarioListScreen';
import { EditorScreen } from './screens/EditorScreen';
import { Toasts } from './ui/toast';

export function App() {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const route = useRoute((s) => s.route);
  const lang = useLang((s) => s.lang);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    currentUser()
      .then(setUser)
      .catch((e) => setUser(e instanceof ApiError && e.status !== 0 ? null : null));
    return onUnauthorized(() => setUser(null));
  }, []);

  if (user === undefined) return <div className="boot" aria-busy="true" />;
  if (user === null) return <LoginScreen onLogin={setUser} />;
  const signOut = () => {
    void logout().finally(() => setUser(null));
  };
  return (
    <>
      {route.name === 'editor' ? (
        <EditorScreen key={`${route.id}/${route.version ?? 'draft'}`} id={route.id} version={route.version} user={user} />
      ) : (
        <ScenarioListScreen user={user} onLogout={signOut} />
      )}
      <Toasts />
    </>
  );
}

export function LangSwitch() {
  const { t, lang } = useT();
  const setLang = useLang((s) => s.setLang);
  return (
    <button type="button" className="btn-ghost lang-switch" aria-label={t('lang.switchAria')} onClick={() => setLang(lang === 'ru' ? 'en' : 'ru')}>
      {t('lang.switch')}
    </button>
  );
}
