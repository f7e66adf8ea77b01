import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SessionUser } from '../api/auth';
import { ApiError } from '../api/http';
import { formatDateTime } from '../i18n/format';
import { AppHeader } from '../ui/AppNav';
import { NumberInput } from '../ui/fields';
import { toast } from '../ui/toast';
import { getPolicy, getPolicyHistory, savePolicy, type Policy } from './api';
import { CapRows } from './CapRows';
import { PolicyHistoryTable } from './PolicyHistoryTable';
import { draftOf, formatShare, isUnchanged, issueInWords, policyProblems, policyPromise, policyWarnings, toRequest, type PolicyDraft } from './policyForm';
import { usePolicyT } from './texts';
import './policy.css';

/** Who may change the policy; everyone else who may read it sees the same screen, read-only. */
const canSave = (user: SessionUser) => user.role === 'marketer' || user.role === 'admin';
const canSeeHistory = (user: SessionUser) => user.role !== 'support';

interface SaveError {
  message: string;
  issues: string[];
}

/** «Правила коммуникаций»: the shop-wide caps, the longest deferral and the global control group, versioned. */
export function PolicyScreen({ user, onLogout }: { user: SessionUser; onLogout(): void }) {
  const { t, lang } = usePolicyT();
  const editable = canSave(user);
  const [saved, setSaved] = useState<Policy | null>(null);
  const [draft, setDraft] = useState<PolicyDraft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [history, setHistory] = useState<Policy[] | null>(null);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<SaveError | null>(null);

  useEffect(() => {
    let live = true;
    getPolicy()
      .then((p) => {
        if (!live) return;
        setSaved(p);
        setDraft(draftOf(p));
      })
      .catch((e) => live && setLoadError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, []);

  const loadHistory = useCallback(() => {
    if (!canSeeHistory(user)) return;
    getPolicyHistory()
      .then((versions) => {
        setHistory(versions);
        setHistoryError(null);
      })
      .catch((e) => setHistoryError(e instanceof Error ? e.message : String(e)));
  }, [user]);
  useEffect(loadHistory, [loadHistory]);

  const problems = useMemo(() => (draft ? policyProblems(draft, lang) : []), [draft, lang]);
  const warnings = useMemo(() => (draft ? policyWarnings(draft, lang) : []), [draft, lang]);
  const dirty = !!draft && !!saved && !isUnchanged(draft, saved);
  const request = draft ? toRequest(draft) : null;
  // The promise follows the draft while it is valid, so the marketer reads what they are about to save.
  const shown = request ?? saved;
  const promise = shown ? policyPromise(shown, lang) : [];

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, [dirty]);

  const change = (next: PolicyDraft) => {
    setDraft(next);
    setSaveError(null);
  };

  const save = async () => {
    if (!request) return;
    setSaving(true);
    setSaveError(null);
    try {
      const next = await savePolicy(request);
      setSaved(next);
      setDraft(draftOf(next));
      toast(t('saved', { v: next.version }), 'success');
      loadHistory();
    } catch (e) {
      const issues = e instanceof ApiError && e.issues ? e.issues.map((i) => issueInWords(i, lang)) : [];
      setSaveError({ message: e instanceof Error ? e.message : String(e), issues });
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="page">
      <AppHeader user={user} onLogout={onLogout} />
      <main className="policy-main">
        <div className="list-head">
          <div>
            <h1>{t('title')}</h1>
            <p className="policy-muted">{t('subtitle')}</p>
          </div>
        </div>
        {loadError && (
          <div className="banner banner-error" role="alert">
            {t('loadFailed', { error: loadError })}
          </div>
        )}
        {!saved && !loadError && <div className="empty-state">{t('loading')}</div>}
        {saved && draft && (
          <div className="policy-layout">
            <fieldset className="policy-form" disabled={!editable || saving} aria-label={t('title')}>
              {!editable && (
                <p className="policy-readonly" role="note">
                  {t('readOnly')}
                </p>
              )}
              <section className="policy-section" aria-labelledby="policy-caps-head">
                <h2 id="policy-caps-head">{t('capsHead')}</h2>
                <p className="policy-muted">{t('capsHint')}</p>
                <CapRows caps={draft.caps} problems={problems} warnings={warnings} editable={editable} onChange={(caps) => change({ ...draft, caps })} />
              </section>

              <section className="policy-section" aria-labelledby="policy-delay-head">
                <h2 id="policy-delay-head">{t('delayHead')}</h2>
                <div className="policy-inline">
                  <label htmlFor="policy-delay">{t('delayLabel')}</label>
                  <NumberInput id="policy-delay" className="policy-num" min={0} max={30} value={draft.maxDelayDays} onChange={(n) => change({ ...draft, maxDelayDays: n })} />
                  <span>{t('delayUnit', { n: draft.maxDelayDays ?? 0 })}</span>
                </div>
                <FieldProblems problems={problems.filter((p) => p.field === 'delay').map((p) => p.message)} />
                <p className="policy-muted">{t('delayHint')}</p>
              </section>

              <section className="policy-section" aria-labelledby="policy-control-head">
                <h2 id="policy-control-head">{t('controlHead')}</h2>
                <div className="policy-inline">
                  <label htmlFor="policy-share">{t('controlLabel')}</label>
                  <NumberInput id="policy-share" className="policy-num" min={0} max={50} step={0.1} integer={false} value={draft.sharePct} onChange={(n) => change({ ...draft, sharePct: n })} />
                  <span>%</span>
                </div>
                <FieldProblems problems={problems.filter((p) => p.field === 'control').map((p) => p.message)} />
                <p className="policy-explain" data-testid="policy-control-explain">
                  {draft.sharePct && draft.sharePct > 0 ? t('controlExplain', { share: formatShare(draft.sharePct, lang) }) : t('controlNone')}
                </p>
                <ul className="policy-points">
                  <li>{t('controlStable')}</li>
                  <li>{t('controlGrow')}</li>
                  <li>{t('controlService')}</li>
                  <li>{t('controlAudit')}</li>
                </ul>
              </section>
            </fieldset>

            <aside className="policy-aside">
              <div className="policy-card policy-promise" data-testid="policy-promise">
                <h2>{!dirty ? t('promiseHead') : request ? t('promiseDraft') : t('promiseSaved')}</h2>
                {promise.map((sentence) => (
                  <p key={sentence}>{sentence}</p>
                ))}
              </div>
              <div className="policy-card">
                <div className="policy-version" data-testid="policy-version">
                  {saved.version === 0 ? (
                    <span className="policy-muted">{t('versionNever')}</span>
                  ) : (
                    <>
                      <strong>{t('version', { v: saved.version })}</strong>
                      {saved.updatedAt && <span className="policy-muted"> · {t('savedBy', { who: saved.updatedBy ?? '—', at: formatDateTime(saved.updatedAt) })}</span>}
                    </>
                  )}
                </div>
                {editable && (
                  <>
                    {problems.length > 0 && (
                      <div className="policy-problems" role="alert">
                        <strong>{t('fixFirst')}</strong>
                        <ul>
                          {problems.map((p) => (
                            <li key={p.message}>{p.message}</li>
                          ))}
                        </ul>
                      </div>
                    )}
                    {saveError && (
                      <div className="banner banner-error policy-save-error" role="alert">
                        {t('saveFailed', { error: saveError.message })}
                        {saveError.issues.length > 0 && (
                          <ul>
                            {saveError.issues.map((i) => (
                              <li key={i}>{i}</li>
                            ))}
                          </ul>
                        )}
                      </div>
                    )}
                    <div className="policy-actions">
                      <button type="button" className="btn-primary" disabled={!dirty || !request || saving} onClick={() => void save()}>
                        {saving ? t('saving') : t('save')}
                      </button>
                      <button
                        type="button"
                        className="btn-ghost"
                        disabled={!dirty || saving}
                        onClick={() => {
                          setDraft(draftOf(saved));
                          setSaveError(null);
                        }}
                      >
                        {t('reset')}
                      </button>
                    </div>
                    {dirty && <p className="policy-unsaved">{t('unsaved')}</p>}
                  </>
                )}
              </div>
            </aside>
          </div>
        )}
        {canSeeHistory(user) && saved && <PolicyHistoryTable versions={history} error={historyError} current={saved.version} />}
      </main>
    </div>
  );
}

export function FieldProblems({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="policy-field-error">
      {problems.map((p) => (
        <div key={p}>{p}</div>
      ))}
    </div>
  );
}
