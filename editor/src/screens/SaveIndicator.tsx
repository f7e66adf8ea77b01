import { useEditor } from '../store/editor';
import { useT } from '../i18n';

/** Saved / unsaved / saving / offline / conflict, always visible beside the scenario name. */
export function SaveIndicator() {
  const { t } = useT();
  const state = useEditor((s) => s.saveState);
  const error = useEditor((s) => s.saveError);
  const text = {
    saved: t('editor.saved'),
    unsaved: t('editor.unsaved'),
    saving: t('editor.saving'),
    conflict: t('editor.conflict'),
    error: `${t('editor.saveError')}${error ? `: ${error}` : ''}`,
    offline: t('editor.offline'),
  }[state];
  return (
    <span className={`save-state save-${state}`} role="status" data-save-state={state} title={text}>
      <span className="dot" aria-hidden="true" />
      <span className="save-text">{state === 'conflict' ? t('editor.saveError') : text}</span>
    </span>
  );
}
