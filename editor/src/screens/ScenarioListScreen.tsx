import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScenarioDocument } from '../../../shared/scenario/schema';
import type { SessionUser } from '../api/auth';
import { ApiError } from '../api/http';
import { createScenario, duplicateScenario, getScenario, listScenarios, saveDraft, scenarioAction, type ScenarioSummary } from '../api/scenarios';
import { LangSwitch } from '../ui/LangSwitch';
import { formatDateTime, formatNumber } from '../i18n/format';
import { useT } from '../i18n';
import { navigate } from '../router';
import { Logo } from '../ui/Logo';
import { AppNav } from '../ui/AppNav';
import { toast } from '../ui/toast';
import { parseScenarioFile } from '../document/importExport';
import { TemplateGallery } from './TemplateGallery';
import './scenarioList.css';

export function ScenarioListScreen({ user, onLogout }: { user: SessionUser; onLogout(): void }) {
  const { t } = useT();
  const [rows, setRows] = useState<ScenarioSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const [gallery, setGallery] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const canEdit = user.role === 'admin' || user.role === 'marketer';

  const reload = useCallback(() => {
    listScenarios(showArchived)
      .then((r) => {
        setRows(r);
        setError(null);
      })
      .catch((e) => setError(e instanceof Error ? e.message : String(e)));
  }, [showArchived]);
  useEffect(reload, [reload]);

  const create = async (doc: ScenarioDocument) => {
    try {
      const created = await createScenario(doc);
      navigate({ name: 'editor', id: created.id });
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), 'error');
    }
  };

  const act = async (what: () => Promise<unknown>) => {
    try {
      await what();
      reload();
    } catch (e) {
      toast(e instanceof ApiError ? e.message : String(e), 'error');
    }
  };

  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const rename = (row: ScenarioSummary, name: string) => {
    setRenaming(null);
    const trimmed = name.trim();
    if (!trimmed || trimmed === row.name) return;
    void act(async () => {
      const draft = await getScenario(row.id);
      await saveDraft(row.id, { ...draft.document, name: trimmed }, draft.draftRevision);
    });
  };

  const importFile = async (file: File) => {
    const parsed = parseScenarioFile(await file.text());
    if (!parsed) return toast(t('editor.importInvalid'), 'error');
    await create(parsed);
  };

  return (
    <div className="page">
      <header className="topbar">
        <Logo />
        <AppNav role={user.role} />
        <span className="spacer" />
        <LangSwitch />
        <span className="user-chip">
          {user.name} · {t(`role.${user.role}`)}
        </span>
        <button type="button" className="btn-ghost" onClick={onLogout}>
          {t('login.logout')}
        </button>
      </header>
      <main className="list-main">
        <div className="list-head">
          <h1>{t('list.title')}</h1>
          <span className="spacer" />
          <label className="check">
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
            {t('list.showArchived')}
          </label>
          {canEdit && (
            <>
              <button type="button" className="btn-secondary" onClick={() => fileRef.current?.click()}>
                {t('list.import')}
              </button>
              <input ref={fileRef} type="file" accept="application/json,.json" hidden data-testid="list-import" onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])} />
              <button type="button" className="btn-primary" onClick={() => setGallery(true)}>
                {t('list.create')}
              </button>
            </>
          )}
        </div>
        {error && (
          <div className="banner banner-error" role="alert">
            {t('list.loadFailed')}: {error}{' '}
            <button type="button" className="btn-ghost small" onClick={reload}>
              {t('common.retry')}
            </button>
          </div>
        )}
        {rows && rows.length === 0 && <div className="empty-state">{t('list.empty')}</div>}
        {rows && rows.length > 0 && (
          <table className="data-table scenario-table">
            <thead>
              <tr>
                <th>{t('list.col.name')}</th>
                <th>{t('list.col.status')}</th>
                <th className="num">{t('list.col.version')}</th>
                <th className="num">{t('list.col.audience')}</th>
                <th className="num">{t('list.col.inFlight')}</th>
                <th className="num">{t('list.col.conversions')}</th>
                <th>{t('list.col.updated')}</th>
                <th>
                  <span className="sr-only">{t('list.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-scenario-id={row.id}>
                  <td>
                    {renaming?.id === row.id ? (
                      <form
                        className="rename-form"
                        onSubmit={(e) => {
                          e.preventDefault();
                          rename(row, renaming.name);
                        }}
                      >
                        <input
                          autoFocus
                          aria-label={t('list.renamePrompt')}
                          value={renaming.name}
                          onChange={(e) => setRenaming({ id: row.id, name: e.target.value })}
                          onKeyDown={(e) => e.key === 'Escape' && setRenaming(null)}
                        />
                        <button type="submit" className="btn-secondary small">
                          {t('common.save')}
                        </button>
                        <button type="button" className="btn-ghost small" onClick={() => setRenaming(null)}>
                          {t('common.cancel')}
                        </button>
                      </form>
                    ) : (
                    <a
                      href={`/scenarios/${row.id}`}
                      className="row-link"
                      onClick={(e) => {
                        e.preventDefault();
                        navigate({ name: 'editor', id: row.id });
                      }}
                    >
                      {row.name}
                    </a>
                    )}
                  </td>
                  <td>
                    <span className={`status status-${row.status}`}>{t(`status.${row.status}`)}</span>
                  </td>
                  <td className="num">{row.currentVersion ? `v${row.currentVersion}` : t('common.none')}</td>
                  <td className="num">{formatNumber(row.counts.enteredToday)}</td>
                  <td className="num">{formatNumber(row.counts.inFlight)}</td>
                  <td className="num">{formatNumber(row.counts.conversions)}</td>
                  <td className="muted">{formatDateTime(row.updatedAt)}</td>
                  <td className="row-actions">
                    {row.currentVersion !== null && (
                      <a
                        href={`/scenarios/${row.id}/report`}
                        className="btn-ghost small"
                        data-testid={`report-${row.id}`}
                        onClick={(e) => {
                          e.preventDefault();
                          navigate({ name: 'report', id: row.id });
                        }}
                      >
                        {t('report.open')}
                      </a>
                    )}
                    {row.currentVersion !== null && (
                      <a
                        href={`/scenarios/${row.id}/runs`}
                        className="btn-ghost small"
                        data-testid={`runs-${row.id}`}
                        onClick={(e) => {
                          e.preventDefault();
                          navigate({ name: 'runs', scenarioId: row.id });
                        }}
                      >
                        {t('list.runs')}
                      </a>
                    )}
                    {canEdit && (
                      <>
                        <button type="button" className="btn-ghost small" onClick={() => setRenaming({ id: row.id, name: row.name })}>
                          {t('list.rename')}
                        </button>
                        <button type="button" className="btn-ghost small" onClick={() => void act(() => duplicateScenario(row.id))}>
                          {t('list.duplicate')}
                        </button>
                        {row.status !== 'archived' && (
                          <button
                            type="button"
                            className="btn-ghost small danger"
                            onClick={() => confirm(t('list.archiveConfirm', { name: row.name })) && void act(() => scenarioAction(row.id, 'archive'))}
                          >
                            {t('list.archive')}
                          </button>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </main>
      {gallery && <TemplateGallery onClose={() => setGallery(false)} onPick={(doc) => void create(doc)} />}
    </div>
  );
}
