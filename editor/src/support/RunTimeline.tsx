import type { ReactElement } from 'react';
import { nodeSummary, nodeTitle, portLabel } from '../document/ports';
import { useT } from '../i18n';
import { formatDateTime, formatShortDateTime } from '../i18n/format';
import type { RunDetail, RunMove, RunStep } from './api';
import { outcomeLabel, outcomeTone } from './labels';

/**
 * Every journaled step with its reason, then the next wake-up. A run that moved between versions has its steps
 * under a heading per version (each opens that version's canvas), and the move itself as a line of its own.
 */
export function RunTimeline({ detail, shownVersion, onShowVersion }: { detail: RunDetail; shownVersion: number; onShowVersion(version: number): void }) {
  const { t, lang } = useT();
  const tz = detail.timezone;
  const moved = detail.moves.length > 0;
  const docs = new Map(detail.versions.map((v) => [v.version, v.document]));
  const nodeOf = (nodeId: string | null, version: number) => (nodeId ? docs.get(version)?.nodes.find((n) => n.id === nodeId) : undefined);
  const nodeName = (nodeId: string | null, version: number) => {
    const node = nodeOf(nodeId, version);
    return node ? nodeTitle(node, lang) : (nodeId ?? t('common.none'));
  };
  // A move names its nodes as the planner does (label, else what the node does): "«Ждать 7 дн.» → «Ждать 5 дн.»".
  const moveNodeName = (nodeId: string | null, version: number) => {
    const node = nodeOf(nodeId, version);
    return node ? node.label?.trim() || nodeSummary(node, lang) : (nodeId ?? t('common.none'));
  };
  const live = detail.run.status === 'running';

  const time = (at: string) => (
    <time dateTime={at} title={formatDateTime(at, tz)}>
      {formatShortDateTime(at, tz)}
    </time>
  );

  const step = (s: RunStep) => {
    const node = nodeOf(s.nodeId, s.version);
    const port = node && s.port ? portLabel(node, s.port, lang) : '';
    return (
      <li key={s.id} className={`tone-${outcomeTone(s.outcome)}`}>
        {time(s.at)}
        <div>
          <span className="tl-title">{nodeName(s.nodeId, s.version)}</span> <span className={`outcome tone-${outcomeTone(s.outcome)}`}>{outcomeLabel(t, s.outcome, lang)}</span>
          {port && <span className="muted small"> → {port}</span>}
          {s.reason && <div className="tl-body">{s.reason}</div>}
        </div>
      </li>
    );
  };

  const move = (s: RunStep, m: RunMove) => (
    <li key={s.id} className="tone-move tl-moved" data-testid="run-move">
      {time(s.at)}
      <div>
        <span className="tl-title">{t('support.run.movedTo', { v: m.toVersion, node: moveNodeName(m.toNodeId, m.toVersion) })}</span>
        <span className="muted"> — {m.by ? t('support.run.movedBy', { by: m.by, at: formatShortDateTime(s.at, tz) }) : formatShortDateTime(s.at, tz)}</span>
        <div className="tl-body">{t('support.run.movedFrom', { v: m.fromVersion, node: moveNodeName(m.fromNodeId, m.fromVersion) })}</div>
      </div>
    </li>
  );

  const items: ReactElement[] = [];
  let heading: number | null = null;
  for (const s of detail.steps) {
    if (moved && s.version !== heading) {
      heading = s.version;
      const version = s.version;
      items.push(
        <li key={`version-${version}-${s.id}`} className="tl-version">
          <button type="button" className={version === shownVersion ? 'active' : undefined} aria-pressed={version === shownVersion} onClick={() => onShowVersion(version)}>
            {t('support.run.versionHead', { v: version })}
          </button>
        </li>,
      );
    }
    const m = s.outcome === 'moved' ? detail.moves.find((x) => x.stepId === s.id) : undefined;
    items.push(m ? move(s, m) : step(s));
  }

  return (
    <ol className="run-timeline" data-testid="run-timeline">
      {items}
      {live && detail.nextWakeAt && (
        <li className="tone-next">
          {time(detail.nextWakeAt)}
          <div>
            <span className="tl-title">{t('support.run.wakesUp')}</span>
          </div>
        </li>
      )}
    </ol>
  );
}
