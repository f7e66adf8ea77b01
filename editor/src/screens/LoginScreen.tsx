import { useState, type FormEvent } from 'react';
import { login, type SessionUser } from '../api/auth';
import { ApiError } from '../api/http';
import { LangSwitch } from '../ui/LangSwitch';
import { useT } from '../i18n';
import { Logo } from '../ui/Logo';

export function LoginScreen({ onLogin }: { onLogin(user: SessionUser): void }) {
  const { t } = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLogin(await login(email, password));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('login.failed') : err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <div className="login-lang">
        <LangSwitch />
      </div>
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <Logo />
        <p className="login-tagline">{t('app.tagline')}</p>
        <h1 id="login-title">{t('login.title')}</h1>
        <label>
          {t('login.email')}
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label>
          {t('login.password')}
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" className="btn-primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
