import type { ProblemsView } from '../document/problems';
import { useEditor } from '../store/editor';
import { useT } from '../i18n';
import { nodeTitle } from '../document/ports';

/** Every problem at once, errors first; each one jumps to its node. */
export function ProblemsPanel({ view }: { view: ProblemsView }) {
  const { t, lang } = useT();
  const doc = useEditor((s) => s.doc);
  const focusNode = useEditor((s) => s.focusNode);
  if (view.problems.length === 0) return <div className="problems-none">✓ {t('problems.none')}</div>;
  const sorted = [...view.problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <div className="problems">
      <div className="problems-counts">
        {view.errors > 0 && <span className="count-error">{t('problems.errors', { n: view.errors })}</span>}
        {view.warnings > 0 && <span className="count-warning">{t('problems.warnings', { n: view.warnings })}</span>}
      </div>
      <ul className="problems-list">
        {sorted.map((p, i) => {
          const nodeId = p.nodeId ?? p.edge?.from;
          const node = nodeId ? doc.nodes.find((n) => n.id === nodeId) : undefined;
          return (
            <li key={i} className={`problem problem-${p.severity}`}>
              <span className="problem-icon" aria-label={p.severity}>
                {p.severity === 'error' ? '●' : '▲'}
              </span>
              <div className="problem-body">
                <div className="problem-text">{p.message[lang]}</div>
                {node && (
                  <button type="button" className="link" onClick={() => focusNode(node.id)}>
                    {t('problems.goto')}: {nodeTitle(node, lang)} <code>{node.id}</code>
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
