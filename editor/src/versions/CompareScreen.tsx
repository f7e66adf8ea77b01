import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ScenarioDocument } from '../../../shared/scenario/schema';
import { getVersion, listVersions, type VersionInfo } from '../api/scenarios';
import { formatDateTime } from '../i18n/format';
import { navigate, type VersionSide } from '../router';
import { useEditor } from '../store/editor';
import { LangSwitch } from '../ui/LangSwitch';
import { settingInWords } from './changeWords';
import { ChangeDetails, WordDiff } from './ChangeDetails';
import { CompareCanvases, type CompareSide } from './CompareCanvases';
import { canvasStatuses, diffDocuments, isEmptyDiff, placeTogether, settingsChanges, type DocumentDiff } from './diff';
import { olderFirst } from './sides';
import { useVersionsT } from './texts';
import './compare.css';

interface Loaded {
  before: ScenarioDocument;
  after: ScenarioDocument;
  versions: VersionInfo[];
}

/**
 * Two versions of a scenario side by side on the canvas — older on the left, newer on the right — with what was
 * added, removed and changed coloured on both, a summary above and the changes of a picked node beside them.
 * The draft side is the editor's own document, unsaved edits included (the editor loaded it before this opened).
 */
export function CompareScreen({ id, from, to }: { id: string; from: VersionSide; to: VersionSide }) {
  const { t } = useVersionsT();
  const [left, right] = olderFirst(from, to);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [focus, setFocus] = useState<{ id: string; at: number } | null>(null);
  const saveState = useEditor((s) => s.saveState);
  const back = useCallback(() => navigate({ name: 'editor', id }), [id]);

  // What Escape closes next, current even for a key pressed again before React has rendered the last one.
  const picked = useRef<string | null>(null);
  const select = useCallback((nodeId: string | null, andFocus = false) => {
    picked.current = nodeId;
    setSelected(nodeId);
    if (nodeId && andFocus) setFocus({ id: nodeId, at: Date.now() });
  }, []);

  useEffect(() => {
    if (left !== from) navigate({ name: 'editor', id, compare: { from: left, to: right } }, true);
  }, [id, from, left, right]);

  useEffect(() => {
    let cancelled = false;
    const load = (side: VersionSide) => (side === 'draft' ? Promise.resolve(useEditor.getState().doc) : getVersion(id, side));
    setLoaded(null);
    select(null);
    Promise.all([load(left), load(right), listVersions(id)])
      .then(([before, after, versions]) => !cancelled && setLoaded({ before, after, versions }))
      .catch((e) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [id, left, right, select]);

  // Escape closes what is open: the picked node first, then the comparison. The canvases never see it: a focused
  // node would answer it by toggling its own selection.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      if (e.target instanceof Element && e.target.closest('.react-flow')) e.stopPropagation();
      if (picked.current) select(null);
      else back();
    };
    addEventListener('keydown', onKey, true);
    return () => removeEventListener('keydown', onKey, true);
  }, [select, back]);

  const sideName = (side: VersionSide) => (side === 'draft' ? t('draft') : t('version', { v: side }));
  const sideMeta = (side: VersionSide) => {
    if (side === 'draft') return saveState === 'saved' ? '' : t('unsaved');
    const info = loaded?.versions.find((v) => v.version === side);
    return info ? t('published', { who: info.publishedBy?.name ?? '—', when: info.publishedAt ? formatDateTime(info.publishedAt) : '—' }) : '';
  };
  const pick = (which: 'from' | 'to', value: string) => {
    const side: VersionSide = value === 'draft' ? 'draft' : Number(value);
    navigate({ name: 'editor', id, compare: which === 'from' ? { from: side, to: right } : { from: left, to: side } });
  };

  return (
    <div className="cmp" data-testid="compare">
      <header className="topbar cmp-bar">
        <button type="button" className="btn-secondary" onClick={back} data-testid="compare-back">
          ← {t('back')}
        </button>
        <h1 className="cmp-title">
          {t('title')}
          {loaded && <span className="cmp-title-name">{loaded.after.name}</span>}
        </h1>
        {loaded && (
          <div className="cmp-pickers">
            <SidePicker label={t('pickBefore')} value={left} versions={loaded.versions} name={sideName} onPick={(v) => pick('from', v)} />
            <span aria-hidden="true">→</span>
            <SidePicker label={t('pickAfter')} value={right} versions={loaded.versions} name={sideName} onPick={(v) => pick('to', v)} />
          </div>
        )}
        <span className="cmp-esc muted">{t('escHint')}</span>
        <LangSwitch />
      </header>
      {error ? (
        <div className="banner banner-error" role="alert">
          {t('loadFailed', { error })}
        </div>
      ) : !loaded ? (
        <div className="cmp-loading muted">{t('loading')}</div>
      ) : (
        <CompareBody key={`${left}/${right}`} loaded={loaded} names={{ before: sideName(left), after: sideName(right) }} metas={{ before: sideMeta(left), after: sideMeta(right) }} sameSide={left === right} selected={selected} onSelect={select} focus={focus} />
      )}
    </div>
  );
}

function CompareBody({
  loaded,
  names,
  metas,
  sameSide,
  selected,
  onSelect,
  focus,
}: {
  loaded: Loaded;
  names: { before: string; after: string };
  metas: { before: string; after: string };
  sameSide: boolean;
  selected: string | null;
  onSelect(id: string | null, focus?: boolean): void;
  focus: { id: string; at: number } | null;
}) {
  const { t } = useVersionsT();
  const [before, after] = useMemo(() => placeTogether(loaded.before, loaded.after), [loaded]);
  const diff = useMemo(() => diffDocuments(before, after), [before, after]);
  const statuses = useMemo(() => canvasStatuses(before, after, diff), [before, after, diff]);
  const sides = useMemo<[CompareSide, CompareSide]>(
    () => [
      { key: 'before', doc: before, statuses: statuses.before, changedEdges: statuses.removedEdges, title: `${t('before')}: ${names.before}`, meta: metas.before },
      { key: 'after', doc: after, statuses: statuses.after, changedEdges: statuses.addedEdges, title: `${t('after')}: ${names.after}`, meta: metas.after },
    ],
    [before, after, statuses, names.before, names.after, metas.before, metas.after, t],
  );
  return (
    <>
      <CompareSummary before={before} after={after} diff={diff} sameSide={sameSide} />
      <div className="cmp-body">
        <CompareCanvases sides={sides} selected={selected} onSelect={onSelect} focus={focus} />
        <ChangeDetails before={before} after={after} diff={diff} statuses={statuses} names={names} selected={selected} onSelect={onSelect} />
      </div>
    </>
  );
}

/** The strip above the canvases: how many nodes were added, removed and changed, and each settings change in words. */
function CompareSummary({ before, after, diff, sameSide }: { before: ScenarioDocument; after: ScenarioDocument; diff: DocumentDiff; sameSide: boolean }) {
  const { t, lang } = useVersionsT();
  const settings = settingsChanges(before, after).map((c) => settingInWords(c, lang));
  if (sameSide || isEmptyDiff(diff))
    return (
      <div className="cmp-summary" role="status" data-testid="compare-summary">
        <span className="cmp-count">{sameSide ? t('sameSide') : t('same')}</span>
      </div>
    );
  return (
    <div className="cmp-summary" role="status" data-testid="compare-summary">
      <span className={`cmp-count cmp-count-added${diff.added.length ? '' : ' is-zero'}`} data-testid="count-added">
        + {t('countAdded', { n: diff.added.length })}
      </span>
      <span className={`cmp-count cmp-count-removed${diff.removed.length ? '' : ' is-zero'}`} data-testid="count-removed">
        − {t('countRemoved', { n: diff.removed.length })}
      </span>
      <span className={`cmp-count cmp-count-changed${diff.changed.length ? '' : ' is-zero'}`} data-testid="count-changed">
        ~ {t('countChanged', { n: diff.changed.length })}
      </span>
      <span className="cmp-count cmp-count-edges">{t('countEdges', { added: diff.addedEdges.length, removed: diff.removedEdges.length })}</span>
      <span className="cmp-settings" data-testid="compare-settings">
        {settings.length === 0 ? (
          <span className="muted">{t('settingsNone')}</span>
        ) : (
          <>
            <strong>{t('settingsTitle')}</strong>
            {settings.map((c) => (
              <span key={c.field} className="cmp-setting" data-field={c.field}>
                {c.label}:{' '}
                {c.kind === 'text' && c.before !== undefined && c.after !== undefined ? (
                  <WordDiff before={c.before} after={c.after} />
                ) : (
                  <>
                    <del>{c.before ?? t('none')}</del> → <ins>{c.after ?? t('none')}</ins>
                  </>
                )}
              </span>
            ))}
          </>
        )}
      </span>
    </div>
  );
}

function SidePicker({ label, value, versions, name, onPick }: { label: string; value: VersionSide; versions: VersionInfo[]; name(side: VersionSide): string; onPick(value: string): void }) {
  const sides: VersionSide[] = [...[...versions].sort((a, b) => b.version - a.version).map((v) => v.version), 'draft'];
  return (
    <select aria-label={label} value={String(value)} onChange={(e) => onPick(e.target.value)}>
      {sides.map((side) => (
        <option key={String(side)} value={String(side)}>
          {name(side)}
        </option>
      ))}
    </select>
  );
}
