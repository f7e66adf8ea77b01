import { useEffect, useState } from 'react';
import { CHANNEL_NAMES } from '../../../shared/i18n/channels';
import type { Lang } from '../../../shared/i18n/text';
import { CHANNELS } from '../../../shared/scenario/channels';
import { formatDayMonth, formatNumber, formatShortDateTime } from '../i18n/format';
import { MOVE_STATES as STATES } from '../../../shared/api/moves';
import { planProgress, type MovePlanProgress, type MovePreview } from './api';
import { useMovesT } from './texts';

type Effect = MovePreview['sample'][number]['stay'][number];
const SHOWN = 8;

/** The dry run: stay vs the plan for the next 30 days, and customers whose path changes. */
export function PreviewTable({ preview, lang }: { preview: MovePreview; lang: Lang }) {
  const { t } = useMovesT();
  const rows: Array<{ label: string; stay: number; plan: number }> = [
    ...CHANNELS.map((c) => ({ label: CHANNEL_NAMES[c][lang], stay: preview.stay.messages[c], plan: preview.plan.messages[c] })).filter((r) => r.stay || r.plan),
    { label: t('rowPoints'), stay: preview.stay.points, plan: preview.plan.points },
    { label: t('rowTasks'), stay: preview.stay.tasks, plan: preview.plan.tasks },
    { label: t('rowExits'), stay: preview.stay.exits, plan: preview.plan.exits },
  ];
  const describe = (effects: Effect[]) =>
    effects.length
      ? effects
          .map((e) => `${e.kind === 'message' ? messageName(e, lang) : e.kind === 'bonus' ? t('effectBonus', { points: e.points ?? 0 }) : `${t('effectTask')} «${e.name}»`} ${formatDayMonth(e.at)}`)
          .join(', ')
      : t('nothing');
  return (
    <section className="moves-preview" aria-label={t('preview')} data-testid="moves-preview">
      <h3>{t('effectsHead', { days: preview.horizonDays, from: formatDayMonth(preview.from), until: formatDayMonth(preview.until) })}</h3>
      <table className="moves-table">
        <thead>
          <tr>
            <th>{t('colWhat')}</th>
            <th className="num">{t('colStayAll')}</th>
            <th className="num">{t('colPlan')}</th>
            <th className="num">{t('colDiff')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td className="num">{formatNumber(r.stay)}</td>
              <td className="num">{formatNumber(r.plan)}</td>
              <td className={`num ${r.plan > r.stay ? 'up' : r.plan < r.stay ? 'down' : ''}`}>{r.plan === r.stay ? '—' : `${r.plan > r.stay ? '+' : '−'}${formatNumber(Math.abs(r.plan - r.stay))}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="moves-changed">{preview.changed ? t('changed', { count: preview.changed, n: preview.changed, runs: preview.runs }) : t('unchanged', { runs: preview.runs })}</p>
      {preview.sample.length > 0 && (
        <details className="moves-sample">
          <summary>{t('sampleHead')}</summary>
          <ul>
            {preview.sample.slice(0, SHOWN).map((s) => (
              <li key={s.runId}>
                <strong>{s.customerName ?? s.customerId}</strong> <span className="muted">(v{s.fromVersion} «{s.fromNode}»)</span>
                <div>
                  {t('was')}: {describe(s.stay)}
                </div>
                <div>
                  {t('becomes')}: {describe(s.plan)}
                </div>
              </li>
            ))}
          </ul>
        </details>
      )}
      <ul className="moves-assumptions muted">
        {preview.assumptions.map((a) => (
          <li key={a.en}>{a[lang]}</li>
        ))}
      </ul>
    </section>
  );
}

/** A message's node name, with its channel in front unless the name starts with it already (generated summaries do). */
function messageName(e: Effect, lang: Lang): string {
  const channel = CHANNEL_NAMES[e.channel!][lang];
  return e.name.startsWith(channel) ? `«${e.name}»` : `${channel} «${e.name}»`;
}


/** An applied plan, followed until every run it concerned has answered. */
export function PlanProgress({ scenarioId, initial }: { scenarioId: string; initial: MovePlanProgress }) {
  const { t } = useMovesT();
  const [progress, setProgress] = useState(initial);
  const open = progress.counts.pending + progress.counts.signalled;
  useEffect(() => {
    if (open === 0) return;
    const timer = setTimeout(() => {
      planProgress(scenarioId, progress.id).then(setProgress, () => {});
    }, 1_000);
    return () => clearTimeout(timer);
  }, [scenarioId, progress, open]);
  const total = STATES.reduce((n, s) => n + progress.counts[s], 0);
  const expected = Object.values(progress.expected).reduce((n, nodes) => n + Object.values(nodes).reduce((a, b) => a + b, 0), 0);
  return (
    <section className="moves-progress" aria-live="polite" data-testid="moves-progress">
      <p>{t('progressHead', { at: formatShortDateTime(progress.createdAt) })}</p>
      <progress max={Math.max(total, 1)} value={total - open} />
      <dl className="moves-counts">
        {STATES.map((s) => (
          <div key={s} className={`moves-count moves-count-${s}`}>
            <dt>{t(s)}</dt>
            <dd>{formatNumber(progress.counts[s])}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">{t('expected', { n: expected })}</p>
      {open === 0 && <p className="moves-done">{t('progressDone')}</p>}
    </section>
  );
}
