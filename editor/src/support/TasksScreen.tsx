import { useCallback, useEffect, useState } from 'react';
import type { SessionUser } from '../api/auth';
import { useT } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { navigate } from '../router';
import { toast } from '../ui/toast';
import { closeTask, commentTask, listTasks, takeTask, type StaffTask, type TaskStatus } from './api';
import { formatPhone } from './format';
import { SupportPage } from './SupportPage';

type Tab = 'todo' | TaskStatus;

/** The staff task queue: scenarios ask people to call customers; support takes a task, notes progress and closes it with what came of it. */
export function TasksScreen({ user, onLogout }: { user: SessionUser; onLogout(): void }) {
  const { t } = useT();
  const [tab, setTab] = useState<Tab>('todo');
  const [items, setItems] = useState<StaffTask[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    listTasks(tab === 'todo' ? undefined : tab)
      .then((r) => {
        setItems(r.items);
        setError(null);
      })
      .catch((e) => setError(e instanceof Error ? e.message : String(e)));
  }, [tab]);
  useEffect(reload, [reload]);

  const replace = (task: StaffTask) => setItems((prev) => prev?.map((x) => (x.id === task.id ? task : x)) ?? null);
  const run = async (what: () => Promise<{ task: StaffTask }>, done?: string) => {
    try {
      replace((await what()).task);
      if (done) toast(done, 'success');
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), 'error');
      reload();
    }
  };

  return (
    <SupportPage user={user} onLogout={onLogout}>
      <div className="list-head">
        <h1>{t('support.tasks.title')}</h1>
        <span className="spacer" />
        <div className="desk-tabs" role="tablist">
          {(['todo', 'open', 'taken', 'closed'] as Tab[]).map((k) => (
            <button key={k} type="button" role="tab" aria-selected={tab === k} className={tab === k ? 'desk-tab active' : 'desk-tab'} onClick={() => setTab(k)}>
              {t(`support.tasks.tab.${k}`)}
            </button>
          ))}
        </div>
      </div>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      {items && items.length === 0 && <div className="empty-state">{t('support.tasks.empty')}</div>}
      <ul className="desk-tasks">
        {items?.map((task) => (
          <TaskCard
            key={task.id}
            task={task}
            mine={task.assignee?.id === user.id}
            onTake={() => void run(() => takeTask(task.id), t('support.tasks.taken'))}
            onComment={(text) => run(() => commentTask(task.id, text))}
            onClose={(outcome) => run(() => closeTask(task.id, outcome), t('support.tasks.closed'))}
          />
        ))}
      </ul>
    </SupportPage>
  );
}

function TaskCard({ task, mine, onTake, onComment, onClose }: { task: StaffTask; mine: boolean; onTake(): void; onComment(text: string): Promise<void>; onClose(outcome: string): Promise<void> }) {
  const { t } = useT();
  const [comment, setComment] = useState('');
  const [outcome, setOutcome] = useState('');
  const [closing, setClosing] = useState(false);
  const open = task.status !== 'closed';
  const canWork = task.status === 'open' || mine;
  return (
    <li className={`desk-task task-card-${task.status}`} data-task-id={task.id}>
      <div className="desk-task-head">
        <span className={`pill task-${task.status}`}>{t(`support.taskStatus.${task.status}`)}</span>
        <strong className="desk-task-text">{task.text}</strong>
        <span className="spacer" />
        <span className="muted small">{formatDateTime(task.createdAt)}</span>
      </div>
      <div className="desk-task-meta">
        <a
          href={`/customers/${encodeURIComponent(task.customer.id)}`}
          className="row-link"
          onClick={(e) => {
            e.preventDefault();
            navigate({ name: 'customer', id: task.customer.id });
          }}
        >
          {task.customer.name || task.customer.id}
        </a>
        {task.customer.phone && <a href={`tel:${task.customer.phone}`}>{formatPhone(task.customer.phone)}</a>}
        {task.scenario && <span className="muted">{t('support.tasks.from', { name: task.scenario.name })}</span>}
        {task.runId && (
          <a
            href={`/runs/${encodeURIComponent(task.runId)}`}
            onClick={(e) => {
              e.preventDefault();
              navigate({ name: 'run', id: task.runId! });
            }}
          >
            {t('support.tasks.openRun')}
          </a>
        )}
        {task.assignee && <span className="muted">{t('support.tasks.assignee', { name: task.assignee.name })}</span>}
      </div>
      {task.comments.length > 0 && (
        <ul className="desk-comments">
          {task.comments.map((c) => (
            <li key={c.id}>
              <span className="muted small">
                {c.author ?? t('common.none')}, {formatDateTime(c.at)}
              </span>
              <div>{c.text}</div>
            </li>
          ))}
        </ul>
      )}
      {task.outcome && (
        <div className="desk-outcome">
          {t('support.tasks.outcome')}: {task.outcome}
        </div>
      )}
      {open && (
        <div className="desk-task-actions">
          {task.status === 'open' && (
            <button type="button" className="btn-primary small" onClick={onTake}>
              {t('support.tasks.take')}
            </button>
          )}
          <form
            className="desk-inline"
            onSubmit={(e) => {
              e.preventDefault();
              if (comment.trim()) void onComment(comment.trim()).then(() => setComment(''));
            }}
          >
            <input value={comment} placeholder={t('support.tasks.commentPlaceholder')} aria-label={t('support.tasks.comment')} onChange={(e) => setComment(e.target.value)} />
            <button type="submit" className="btn-secondary small" disabled={!comment.trim()}>
              {t('support.tasks.comment')}
            </button>
          </form>
          {canWork &&
            (closing ? (
              <form
                className="desk-inline"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (outcome.trim()) void onClose(outcome.trim());
                }}
              >
                <input autoFocus value={outcome} placeholder={t('support.tasks.outcomePlaceholder')} aria-label={t('support.tasks.outcome')} onChange={(e) => setOutcome(e.target.value)} />
                <button type="submit" className="btn-primary small" disabled={!outcome.trim()}>
                  {t('support.tasks.close')}
                </button>
                <button type="button" className="btn-ghost small" onClick={() => setClosing(false)}>
                  {t('common.cancel')}
                </button>
              </form>
            ) : (
              <button type="button" className="btn-secondary small" onClick={() => setClosing(true)}>
                {t('support.tasks.closeWithOutcome')}
              </button>
            ))}
        </div>
      )}
    </li>
  );
}
