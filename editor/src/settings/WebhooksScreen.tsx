import { useCallback, useEffect, useState } from 'react';
import type { SessionUser } from '../api/auth';
import { ApiError } from '../api/http';
import { AppHeader } from '../ui/AppNav';
import { Field } from '../ui/fields';
import { toast } from '../ui/toast';
import { useWebhookT } from './webhookTexts';
import { createWebhook, deleteWebhook, listWebhooks, rotateWebhookSecret, updateWebhook, useWebhookNames, type WebhookEndpoint } from './webhooksApi';
import './policy.css';
import './webhooks.css';

const errorText = (e: unknown) => (e instanceof ApiError && e.issues?.length ? `${e.message} ${e.issues.map((i) => i.message).join('; ')}` : e instanceof Error ? e.message : String(e));

/** «Вебхуки»: admins add, edit, switch off, re-key and delete endpoints; everyone else who may pick them sees their names. */
export function WebhooksScreen({ user, onLogout }: { user: SessionUser; onLogout(): void }) {
  const { t } = useWebhookT();
  const admin = user.role === 'admin';
  return (
    <div className="page">
      <AppHeader user={user} onLogout={onLogout} />
      <main className="webhooks-main">
        <div>
          <h1>{t('title')}</h1>
          <p className="policy-muted">{t('subtitle')}</p>
        </div>
        {admin ? <ManageWebhooks /> : <WebhookNames />}
        <section className="policy-section" aria-labelledby="webhooks-how-head">
          <h2 id="webhooks-how-head">{t('howHead')}</h2>
          <ul className="webhooks-how">
            <li>{t('how1')}</li>
            <li>{t('how2')}</li>
            <li>{t('how3')}</li>
            <li>{t('how4')}</li>
          </ul>
        </section>
      </main>
    </div>
  );
}

function WebhookNames() {
  const { t } = useWebhookT();
  const { names, error, load } = useWebhookNames();
  useEffect(() => load(true), [load]);
  return (
    <section className="policy-section">
      <p className="policy-readonly" role="note">
        {t('readOnly')}
      </p>
      {error && <div className="banner banner-error">{t('loadFailed', { error })}</div>}
      {names && names.length === 0 && <p className="policy-empty">{t('empty')}</p>}
      {names && names.length > 0 && (
        <ul data-testid="webhook-names">
          {names.map((n) => (
            <li key={n.name}>
              {n.name} {!n.enabled && <span className="webhooks-off">({t('off')})</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ManageWebhooks() {
  const { t } = useWebhookT();
  const [endpoints, setEndpoints] = useState<WebhookEndpoint[] | null>(null);
  const [limit, setLimit] = useState(0);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(() => {
    listWebhooks().then(
      (r) => {
        setEndpoints(r.endpoints);
        setLimit(r.limit);
        setLoadError(null);
      },
      (e) => setLoadError(errorText(e)),
    );
    useWebhookNames.getState().load(true);
  }, []);
  useEffect(reload, [reload]);

  const act = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    try {
      await work();
      if (done) toast(done, 'success');
      reload();
      return true;
    } catch (e) {
      toast(t('failed', { error: errorText(e) }), 'error');
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {loadError && (
        <div className="banner banner-error" role="alert">
          {t('loadFailed', { error: loadError })}
        </div>
      )}
      {secret && (
        <section className="webhooks-secret" role="alert" data-testid="webhook-secret">
          <strong>{t('secretHead', { name: secret.name })}</strong>
          <code>{secret.secret}</code>
          <p className="policy-muted">{t('secretOnce')}</p>
          <div className="webhooks-actions">
            <button type="button" className="btn-secondary" onClick={() => void navigator.clipboard?.writeText(secret.secret).then(() => toast(t('copied'), 'success'))}>
              {t('copy')}
            </button>
            <button type="button" className="btn-primary" onClick={() => setSecret(null)}>
              {t('secretDone')}
            </button>
          </div>
        </section>
      )}
      {!endpoints && !loadError && <div className="empty-state">{t('loading')}</div>}
      {endpoints && (
        <>
          {endpoints.length === 0 ? (
            <p className="policy-empty">{t('empty')}</p>
          ) : (
            <table className="data-table" data-testid="webhooks-table">
              <thead>
                <tr>
                  <th>{t('colName')}</th>
                  <th>{t('colUrl')}</th>
                  <th>{t('colEnabled')}</th>
                  <th>{t('colSecret')}</th>
                  <th>{t('colActions')}</th>
                </tr>
              </thead>
              <tbody>
                {endpoints.map((e) => (
                  <EndpointRow
                    key={e.id}
                    endpoint={e}
                    busy={busy}
                    onSave={(patch) => act(() => updateWebhook(e.id, patch), t('saved'))}
                    onRotate={() =>
                      confirm(t('rotateConfirm', { name: e.name })) &&
                      void act(async () => {
                        const r = await rotateWebhookSecret(e.id);
                        setSecret({ name: r.endpoint.name, secret: r.secret });
                      })
                    }
                    onDelete={() => confirm(t('removeConfirm', { name: e.name })) && void act(() => deleteWebhook(e.id), t('removed', { name: e.name }))}
                  />
                ))}
              </tbody>
            </table>
          )}
          <AddWebhook
            count={endpoints.length}
            limit={limit}
            busy={busy}
            onAdd={(name, url) =>
              act(async () => {
                const r = await createWebhook({ name, url });
                setSecret({ name: r.endpoint.name, secret: r.secret });
              })
            }
          />
        </>
      )}
    </>
  );
}

function EndpointRow({
  endpoint,
  busy,
  onSave,
  onRotate,
  onDelete,
}: {
  endpoint: WebhookEndpoint;
  busy: boolean;
  onSave(patch: { name?: string; url?: string; enabled?: boolean }): Promise<boolean>;
  onRotate(): void;
  onDelete(): void;
}) {
  const { t } = useWebhookT();
  const [editing, setEditing] = useState<{ name: string; url: string } | null>(null);
  return (
    <tr>
      <td className="webhooks-name">
        {editing ? <input aria-label={t('name')} value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} /> : <strong>{endpoint.name}</strong>}
      </td>
      <td className="webhooks-url">{editing ? <input aria-label={t('url')} value={editing.url} onChange={(e) => setEditing({ ...editing, url: e.target.value })} /> : endpoint.url}</td>
      <td>{endpoint.enabled ? t('on') : <span className="webhooks-off">{t('off')}</span>}</td>
      <td>
        <code>{endpoint.secretHint}</code>
      </td>
      <td>
        <div className="webhooks-actions">
          {editing ? (
            <>
              <button
                type="button"
                className="btn-primary small"
                disabled={busy}
                onClick={() => {
                  const patch = { ...(editing.name !== endpoint.name && { name: editing.name }), ...(editing.url !== endpoint.url && { url: editing.url }) };
                  if (Object.keys(patch).length === 0) return setEditing(null);
                  void onSave(patch).then((ok) => ok && setEditing(null));
                }}
              >
                {t('save')}
              </button>
              <button type="button" className="btn-ghost small" onClick={() => setEditing(null)}>
                {t('cancel')}
              </button>
            </>
          ) : (
            <>
              <button type="button" className="btn-secondary small" disabled={busy} onClick={() => setEditing({ name: endpoint.name, url: endpoint.url })}>
                {t('edit')}
              </button>
              <button type="button" className="btn-secondary small" disabled={busy} onClick={() => void onSave({ enabled: !endpoint.enabled })}>
                {endpoint.enabled ? t('disable') : t('enable')}
              </button>
              <button type="button" className="btn-secondary small" disabled={busy} onClick={onRotate}>
                {t('rotate')}
              </button>
              <button type="button" className="btn-ghost small" disabled={busy} onClick={onDelete}>
                {t('remove')}
              </button>
            </>
          )}
        </div>
      </td>
    </tr>
  );
}

function AddWebhook({ count, limit, busy, onAdd }: { count: number; limit: number; busy: boolean; onAdd(name: string, url: string): Promise<boolean> }) {
  const { t } = useWebhookT();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('https://');
  const full = count >= limit;
  return (
    <section className="policy-section" aria-labelledby="webhooks-add-head">
      <h2 id="webhooks-add-head">{t('addHead')}</h2>
      <p className="policy-muted">{t('limit', { n: count, max: limit })}</p>
      <form
        className="webhooks-add"
        onSubmit={(e) => {
          e.preventDefault();
          void onAdd(name.trim(), url.trim()).then((ok) => {
            if (!ok) return;
            setName('');
            setUrl('https://');
          });
        }}
      >
        <Field label={t('name')} hint={t('nameHint')}>
          {(id) => <input id={id} value={name} maxLength={64} required onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('url')}>{(id) => <input id={id} value={url} maxLength={2048} required onChange={(e) => setUrl(e.target.value)} />}</Field>
        <button type="submit" className="btn-primary" disabled={busy || full || !name.trim()}>
          {busy ? t('adding') : t('add')}
        </button>
      </form>
    </section>
  );
}
