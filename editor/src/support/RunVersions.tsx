import { useT } from '../i18n';
import type { RunSummary } from './api';
import { formatVersions } from './format';

/** "v1" (muted beside a name), or "v1 → v2" for a run a move plan took to a newer version (said in full on hover). */
export function RunVersions({ run, muted = false }: { run: Pick<RunSummary, 'version' | 'movedTo'>; muted?: boolean }) {
  const { t } = useT();
  if (run.movedTo.length === 0) return muted ? <span className="muted">v{run.version}</span> : <>v{run.version}</>;
  return (
    <span className="run-moved-versions" title={t('support.runs.movedTitle', { from: run.version, to: run.movedTo.map((v) => `v${v}`).join(', ') })} data-testid="run-versions-moved">
      {formatVersions(run)}
    </span>
  );
}
