import { useState } from 'react';
import { api } from '../api/http';
import { formatFixed, formatShortDateTime } from '../i18n/format';
import { openMovePlannerNext } from '../moves/MovesButton';
import { navigate } from '../router';
import type { AbReport } from './api';
import { useAnalyticsT } from './texts';

type Split = AbReport['splits'][number];

/**
 * A split's decision, or the way to make one: who decided, when and on what numbers (a split that decided by itself
 * says its test), the rule of a split that will decide by itself, and "send everyone to the winner", which publishes
 * the next version and opens the move planner for the customers already inside.
 */
export function AbDecision({ scenarioId, split }: { scenarioId: string; split: Split }) {
  const { t } = useAnalyticsT();
  const variants = split.groups.filter((g) => !g.isHoldout);
  const best = [...variants].sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1))[0];
  const [variant, setVariant] = useState(best?.key ?? '');
  const [keepHoldout, setKeepHoldout] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const d = split.decision;

  const rollOut = async () => {
    const label = variants.find((g) => g.key === variant)?.label ?? variant;
    if (!confirm(t('abRollOutConfirm', { label }))) return;
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/scenarios/${encodeURIComponent(scenarioId)}/ab/${encodeURIComponent(split.nodeId)}/winner`, { variant, keepHoldout });
      openMovePlannerNext(scenarioId);
      navigate({ name: 'editor', id: scenarioId });
    } catch (e) {
      setError(t('abRollOutFailed', { error: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  if (d) {
    const holdout = d.keepHoldout && split.hasHoldout ? t('abDecidedHoldout') : '';
    const runnerUp = split.groups.find((g) => g.key === d.stats.runnerUp)?.label ?? String(d.stats.runnerUp ?? '');
    return (
      <p className="an-note decided" role="note" data-testid={`ab-decision-${split.nodeId}`}>
        {d.automatic
          ? t('abDecidedAuto', { at: formatShortDateTime(d.at), label: d.label, v: d.toVersion, holdout, runnerUp, p: formatFixed(Number(d.stats.pValue ?? 0), 'ru', 4) })
          : t('abDecidedBy', { at: formatShortDateTime(d.at), label: d.label, v: d.toVersion, holdout, who: d.by ?? '—' })}
      </p>
    );
  }
  return (
    <div className="an-rollout" data-testid={`ab-rollout-${split.nodeId}`}>
      {split.autoDecide && (
        <p className="an-note" role="note">
          {t('abAutoRule', { days: split.autoDecide.minDays, power: split.autoDecide.power ?? 80, mde: split.autoDecide.mdeRelPct ?? 20 })}
        </p>
      )}
      <div className="an-rollout-row">
        <label>
          {t('abRollOutVariant')}{' '}
          <select value={variant} onChange={(e) => setVariant(e.target.value)}>
            {variants.map((g) => (
              <option key={g.key} value={g.key}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        {split.hasHoldout && (
          <label className="check">
            <input type="checkbox" checked={keepHoldout} onChange={(e) => setKeepHoldout(e.target.checked)} /> {t('abRollOutKeepHoldout')}
          </label>
        )}
        <button type="button" className="btn-secondary small" disabled={busy || !variant} title={t('abRollOutHint')} onClick={() => void rollOut()}>
          {busy ? t('abRollingOut') : t('abRollOut')}
        </button>
      </div>
      {error && (
        <p className="an-note warn" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
