import { useEffect, useState } from 'react';
import type { ScenarioDocument } from '../../../shared/scenario/schema';
import { getVersion, listVersions, type VersionInfo } from '../api/scenarios';
import { useEditor } from '../store/editor';
import { navigate } from '../router';
import { saveNow } from '../store/autosave';
import { formatDateTime } from '../i18n/format';
import { useT } from '../i18n';
import { nodeSummary, nodeTitle } from '../document/ports';
import { diffDocuments, isEmptyDiff, type DocumentDiff } from './diff';
import { useVersionsT } from './texts';
import './compare.css';

type Side = number | 'draft';

/** Who published what and when; open a version read-only, list what differs between any two, or compare them on the canvas. */
export function VersionsPanel({ scenarioId, currentVersion, refreshKey }: { scenarioId: string; currentVersion: number | null; refreshKey: number }) {
  const { t } = useT();
  const vt = useVersionsT().t;
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [left, setLeft] = useState<Side | null>(null);
  const [right, setRight] = useState<Side>('draft');
  const [diff, setDiff] = useState<DocumentDiff | null>(null);
  const draft = useEditor((s) => s.doc);
  const readOnly = useEditor((s) => s.readOnly);

  useEffect(() => {
    listVersions(scenarioId)
      .then((v) => {
        const sorted = [...v].sort((a, b) => b.version - a.version);
        setVersions(sorted);
        if (!sorted.length) return;
        // A published version opened for reading has no draft to compare with: its predecessor → it.
        if (readOnly) {
          setLeft((l) => l ?? (sorted[1] ?? sorted[0]).version);
          setRight((r) => (r === 'draft' ? sorted[0].version : r));
        } else setLeft((l) => l ?? sorted[0].version);
      })
      .catch((e) => setError(e instanceof Error ? e.message : String(e)));
  }, [scenarioId, refreshKey, readOnly]);

  const load = (side: Side): Promise<ScenarioDocument> => (side === 'draft' ? Promise.resolve(draft) : getVersion(scenarioId, side));
  const compare = async () => {
    if (left === null) return;
    try {
      const [a, b] = await Promise.all([load(left), load(right)]);
      setDiff(diffDocuments(a, b));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const compareOnCanvas = () => {
    if (left === null) return;
    // The comparison reads the draft from the editor; saving first keeps the server copy as current as the screen.
    void saveNow();
    navigate({ name: 'editor', id: scenarioId, compare: { from: left, to: right } });
  };

  if (error) return <div className="banner banner-error">{error}</div>;
  if (!versions) return <div className="muted">{t('editor.loading')}</div>;
  if (versions.length === 0) return <div className="empty-state small">{t('versions.none')}</div>;
  const options = [...(readOnly ? [] : [{ value: 'draft' as Side, label: t('versions.draft') }]), ...versions.map((v) => ({ value: v.version as Side, label: `v${v.version}` }))];
  return (
    <div className="versions">
      <ul className="version-list">
        {versions.map((v) => (
          <li key={v.version}>
            <div>
              <strong>v{v.version}</strong>
              {v.version === currentVersion && <span className="chip static">{t('versions.current')}</span>}
              <div className="muted">{t('versions.by', { who: v.publishedBy?.name ?? '—', when: v.publishedAt ? formatDateTime(v.publishedAt) : '—' })}</div>
            </div>
            <button type="button" className="btn-ghost small" onClick={() => navigate({ name: 'editor', id: scenarioId, version: v.version })}>
              {t('versions.open')}
            </button>
          </li>
        ))}
      </ul>
      <div className="compare">
        <div className="cmp-open-row">
          <h4>{t('versions.compare')}</h4>
          <button type="button" className="btn-primary cmp-open" onClick={compareOnCanvas} disabled={left === null || left === right} data-testid="compare-on-canvas">
            {vt('compareOnCanvas')}
          </button>
        </div>
        <div className="field-inline">
          <select aria-label={t('versions.compare')} value={String(left)} onChange={(e) => setLeft(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}>
            {options.map((o) => (
              <option key={String(o.value)} value={String(o.value)}>
                {o.label}
              </option>
            ))}
          </select>
          <span>→</span>
          <select aria-label={t('versions.compareWith')} value={String(right)} onChange={(e) => setRight(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}>
            {options.map((o) => (
              <option key={String(o.value)} value={String(o.value)}>
                {o.label}
              </option>
            ))}
          </select>
          <button type="button" className="btn-secondary small" onClick={() => void compare()}>
            {t('versions.compare')}
          </button>
        </div>
        {diff && <DiffView diff={diff} />}
      </div>
    </div>
  );
}

function DiffView({ diff }: { diff: DocumentDiff }) {
  const { t, lang } = useT();
  if (isEmptyDiff(diff)) return <p className="muted">{t('versions.same')}</p>;
  return (
    <div className="diff" data-testid="version-diff">
      {diff.added.length > 0 && (
        <div className="diff-group diff-added">
          <h5>
            {t('versions.added')} ({diff.added.length})
          </h5>
          <ul>
            {diff.added.map((n) => (
              <li key={n.id}>
                + {nodeTitle(n, lang)} <span className="muted">{nodeSummary(n, lang)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {diff.removed.length > 0 && (
        <div className="diff-group diff-removed">
          <h5>
            {t('versions.removed')} ({diff.removed.length})
          </h5>
          <ul>
            {diff.removed.map((n) => (
              <li key={n.id}>
                − {nodeTitle(n, lang)} <span className="muted">{nodeSummary(n, lang)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {diff.changed.length > 0 && (
        <div className="diff-group diff-changed">
          <h5>
            {t('versions.changed')} ({diff.changed.length})
          </h5>
          <ul>
            {diff.changed.map(({ before, after }) => (
              <li key={after.id}>
                ~ {nodeTitle(after, lang)}: <s className="muted">{nodeSummary(before, lang)}</s> → {nodeSummary(after, lang)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {(diff.addedEdges.length > 0 || diff.removedEdges.length > 0) && <p className="muted">{t('versions.edgesChanged', { added: diff.addedEdges.length, removed: diff.removedEdges.length })}</p>}
      {diff.settingsChanged && <p className="muted">{t('versions.settingsChanged')}</p>}
    </div>
  );
}
