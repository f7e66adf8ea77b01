import type { ScenarioDocument, ScenarioEdge, ScenarioNode } from '../../../shared/scenario/schema';
import { edgeId } from '../document/flow';
import { nodeSummary, nodeTitle, portLabel } from '../document/ports';
import { NODE_CATEGORY } from '../nodes/categories';
import { NodeIcon } from '../nodes/icons';
import { changeInWords, type ChangeInWords } from './changeWords';
import { nodeChanges, type CanvasStatuses, type DocumentDiff, type NodeStatus } from './diff';
import { diffWords } from './textDiff';
import { useVersionsT } from './texts';

interface DetailsProps {
  before: ScenarioDocument;
  after: ScenarioDocument;
  diff: DocumentDiff;
  statuses: CanvasStatuses;
  names: { before: string; after: string };
  selected: string | null;
  onSelect(id: string | null, focus?: boolean): void;
}

/** The column beside the canvases: every change as a list, or, for the node picked, what changed in it field by field. */
export function ChangeDetails(props: DetailsProps) {
  const { t } = useVersionsT();
  return (
    <aside className="cmp-details" aria-label={t('changesTitle')} aria-live="polite">
      {props.selected ? <NodeDetails {...props} id={props.selected} /> : <ChangeList {...props} />}
    </aside>
  );
}

function ChangeList({ before, after, diff, onSelect }: DetailsProps) {
  const { t, lang } = useVersionsT();
  const rows: Array<{ node: ScenarioNode; status: NodeStatus }> = [
    ...diff.changed.map(({ after: node }) => ({ node, status: 'changed' as const })),
    ...diff.added.map((node) => ({ node, status: 'added' as const })),
    ...diff.removed.map((node) => ({ node, status: 'removed' as const })),
  ];
  return (
    <div className="cmp-list" data-testid="compare-changes">
      <h2>{t('changesTitle')}</h2>
      <p className="muted">{t('changesHint')}</p>
      {rows.length === 0 && <p className="muted">{t('noNodeChanges')}</p>}
      <ul>
        {rows.map(({ node, status }) => (
          <li key={`${status}:${node.id}`}>
            <button type="button" className={`cmp-change cmp-change-${status}`} onClick={() => onSelect(node.id, true)} data-node-id={node.id}>
              <span className="cmp-change-head">
                <NodeIcon type={node.type} size={16} />
                <strong>{nodeTitle(node, lang)}</strong>
                <span className={`cmp-status cmp-status-${status}`}>{t(`status_${status}`)}</span>
              </span>
              <span className="cmp-change-summary">{nodeSummary(node, lang)}</span>
            </button>
          </li>
        ))}
      </ul>
      <EdgeChanges before={before} after={after} added={diff.addedEdges} removed={diff.removedEdges} />
    </div>
  );
}

function NodeDetails({ before, after, statuses, names, id, onSelect }: DetailsProps & { id: string }) {
  const { t, lang } = useVersionsT();
  const old = before.nodes.find((n) => n.id === id) ?? null;
  const now = after.nodes.find((n) => n.id === id) ?? null;
  const node = now ?? old;
  const status = statuses.after[id] ?? statuses.before[id];
  const back = (
    <button type="button" className="btn-ghost small" onClick={() => onSelect(null)}>
      ← {t('allChanges')}
    </button>
  );
  if (!node || !status) return <div className="cmp-node-details">{back}<p className="muted">{t('nodeMissing')}</p></div>;
  // An unchanged node still shows its settings, so a reader can check it without going back to the editor.
  const changes = (status === 'changed' ? nodeChanges(old, now) : nodeChanges(null, node)).map((c) => changeInWords(c, lang));
  const note = { added: t('nodeAdded', { side: names.after }), removed: t('nodeRemoved', { side: names.after }), unchanged: t('nodeUnchanged'), changed: null }[status];
  const touches = (e: ScenarioEdge) => e.from === id || e.to === id;
  return (
    <div className="cmp-node-details" data-testid="compare-node-details" data-node-id={id} data-status={status}>
      {back}
      <h2 className="cmp-details-title">
        <span className={`cmp-details-icon cat-${NODE_CATEGORY[node.type]}`}>
          <NodeIcon type={node.type} />
        </span>
        <span>{nodeTitle(node, lang)}</span>
        <span className={`cmp-status cmp-status-${status}`}>{t(`status_${status}`)}</span>
      </h2>
      {note && <p className="muted">{note}</p>}
      {changes.length > 0 && (
        <dl className="cmp-fields">
          {changes.map((c) => (
            <div key={c.field} className="cmp-field" data-field={c.field}>
              <dt>{c.label}</dt>
              <dd>{status === 'changed' ? <FieldChangeView change={c} /> : <span className="cmp-plain">{c.after ?? c.before ?? t('none')}</span>}</dd>
            </div>
          ))}
        </dl>
      )}
      <EdgeChanges before={before} after={after} added={after.edges.filter(touches).filter((e) => statuses.addedEdges.has(edgeId(e)))} removed={before.edges.filter(touches).filter((e) => statuses.removedEdges.has(edgeId(e)))} />
    </div>
  );
}

function FieldChangeView({ change }: { change: ChangeInWords }) {
  const { t } = useVersionsT();
  if (change.kind === 'text' && change.before !== undefined && change.after !== undefined) return <WordDiff before={change.before} after={change.after} />;
  return (
    <span className="cmp-value">
      {change.before !== undefined ? <Removed text={change.before} /> : <span className="muted">{t('none')}</span>}
      <span aria-hidden="true"> → </span>
      {change.after !== undefined ? <Added text={change.after} /> : <span className="muted">{t('none')}</span>}
    </span>
  );
}

/** A message text with the words taken out struck through in red and the words put in marked green. */
export function WordDiff({ before, after }: { before: string; after: string }) {
  return (
    <span className="cmp-text" data-testid="word-diff">
      {diffWords(before, after).map((part, i) => (part.kind === 'same' ? <span key={i}>{part.text}</span> : part.kind === 'removed' ? <Removed key={i} text={part.text} /> : <Added key={i} text={part.text} />))}
    </span>
  );
}

function Removed({ text }: { text: string }) {
  const { t } = useVersionsT();
  return (
    <del>
      <span className="sr-only">{t('srRemoved')} </span>
      {text}
    </del>
  );
}

function Added({ text }: { text: string }) {
  const { t } = useVersionsT();
  return (
    <ins>
      <span className="sr-only">{t('srAdded')} </span>
      {text}
    </ins>
  );
}

function EdgeChanges({ before, after, added, removed }: { before: ScenarioDocument; after: ScenarioDocument; added: ScenarioEdge[]; removed: ScenarioEdge[] }) {
  const { t, lang } = useVersionsT();
  if (!added.length && !removed.length) return null;
  const words = (doc: ScenarioDocument, e: ScenarioEdge) => {
    const from = doc.nodes.find((n) => n.id === e.from);
    const to = doc.nodes.find((n) => n.id === e.to);
    const port = from ? portLabel(from, e.port, lang) : e.port;
    const params = { from: from ? nodeTitle(from, lang) : e.from, to: to ? nodeTitle(to, lang) : e.to, port };
    return port ? t('edgeFromPort', params) : t('edge', params);
  };
  return (
    <div className="cmp-edges">
      <h3>{t('edgesTitle')}</h3>
      <ul>
        {added.map((e) => (
          <li key={`+${edgeId(e)}`} className="cmp-edge-row cmp-edge-row-added" data-edge={edgeId(e)}>
            <span className="cmp-status cmp-status-added">{t('edgeAdded')}</span> {words(after, e)}
          </li>
        ))}
        {removed.map((e) => (
          <li key={`-${edgeId(e)}`} className="cmp-edge-row cmp-edge-row-removed" data-edge={edgeId(e)}>
            <span className="cmp-status cmp-status-removed">{t('edgeRemoved')}</span> {words(before, e)}
          </li>
        ))}
      </ul>
    </div>
  );
}
