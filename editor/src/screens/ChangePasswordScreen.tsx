import { useState, type FormEvent } from 'react';
import { changePassword, type SessionUser } from '../api/auth';
import { ApiError } from '../api/http';
import { useT } from '../i18n';
import { LangSwitch } from '../ui/LangSwitch';
import { Logo } from '../ui/Logo';

const MIN_LENGTH = 10;

/** After signing in with a one-time password the server allows nothing else until the password is changed. */
export function ChangePasswordScreen({ user, onChanged }: { user: SessionUser; onChanged(): void }) {
  const { t } = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next.length < MIN_LENGTH) return setError(t('password.tooShort', { n: MIN_LENGTH }));
    if (next !== repeat) return setError(t('password.mismatch'));
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <div className="login-lang">
        <LangSwitch />
      </div>
      <form className="login-card" onSubmit={submit} aria-labelledby="password-title">
        <Logo />
        <h1 id="password-title">{t('password.title')}</h1>
        <p className="login-tagline">{t('password.why', { email: user.email })}</p>
        <label>
          {t('password.current')}
          <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} autoFocus />
        </label>
        <label>
          {t('password.new')}
          <input type="password" autoComplete="new-password" required minLength={MIN_LENGTH} value={next} onChange={(e) => setNext(e.target.value)} />
        </label>
        <label>
          {t('password.repeat')}
          <input type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </label>
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" className="btn-primary" disabled={busy}>
          {t('password.submit')}
        </button>
      </form>
    </main>
  );
}
