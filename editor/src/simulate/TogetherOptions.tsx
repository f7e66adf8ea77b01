import { useEffect, useState } from 'react';
import { listScenarios } from '../api/scenarios';
import { useEditor } from '../store/editor';
import { NumberInput } from '../ui/fields';
import { CapRows } from '../settings/CapRows';
import { getPolicy } from '../settings/api';
import { draftOf, policyProblems, policyWarnings } from '../settings/policyForm';
import { togetherChosen, useSimulation } from './store';
import { useTogetherT } from './texts';
import '../settings/policy.css';
import './together.css';

/**
 * Two choices above the simulation: run beside the shop's published scenarios (on when there are any), and caps to
 * try for this simulation only, starting from the shop's rules in force.
 */
export function TogetherOptions() {
  const { t, lang } = useTogetherT();
  const scenarioId = useEditor((s) => s.scenarioId);
  const state = useSimulation();
  const { publishedOthers, shopPolicy, trial, set } = state;
  const [policyError, setPolicyError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    listScenarios(false)
      .then((list) => live && set({ publishedOthers: list.filter((s) => s.status === 'active' && s.id !== scenarioId).length }))
      // Without the list the checkbox simply starts off; the simulation itself still works.
      .catch(() => live && set({ publishedOthers: 0 }));
    getPolicy()
      .then((policy) => live && set({ shopPolicy: policy }))
      .catch((e: unknown) => live && setPolicyError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [scenarioId, set]);

  const together = togetherChosen(state);
  const problems = trial ? policyProblems(trial, lang) : [];
  return (
    <div className="sim-together-options">
      <label className="check">
        <input type="checkbox" checked={together} onChange={(e) => set({ together: e.target.checked })} />
        {publishedOthers ? t('togetherCount', { n: publishedOthers }) : t('together')}
      </label>
      <p className="form-hint">{publishedOthers === 0 ? t('togetherNone') : t('togetherHint')}</p>
      <label className="check">
        <input
          type="checkbox"
          checked={trial !== null}
          disabled={!shopPolicy}
          onChange={(e) => set({ trial: e.target.checked && shopPolicy ? draftOf(shopPolicy) : null })}
        />
        {t('tryPolicy')}
      </label>
      {!shopPolicy && !policyError && <p className="form-hint">{t('policyLoading')}</p>}
      {policyError && <p className="field-error">{t('policyFailed', { error: policyError })}</p>}
      {trial && (
        <fieldset className="sim-trial" aria-label={t('tryPolicy')}>
          <p className="form-hint">{t('tryPolicyHint')}</p>
          <CapRows caps={trial.caps} problems={problems} warnings={policyWarnings(trial, lang)} editable onChange={(caps) => set({ trial: { ...trial, caps } })} />
          <label className="sim-trial-delay">
            {t('tryDelay')}
            <NumberInput className="narrow" min={0} max={30} value={trial.maxDelayDays} ariaLabel={t('tryDelay')} onChange={(n) => set({ trial: { ...trial, maxDelayDays: n } })} />
            {t('tryDelayUnit', { n: trial.maxDelayDays ?? 0 })}
          </label>
          {problems
            .filter((p) => p.field === 'delay' || p.field === 'caps')
            .map((p) => (
              <p key={p.message} className="field-error">
                {p.message}
              </p>
            ))}
          {shopPolicy && (
            <button type="button" className="btn-ghost small" onClick={() => set({ trial: draftOf(shopPolicy) })}>
              {t('tryReset')}
            </button>
          )}
        </fieldset>
      )}
    </div>
  );
}
