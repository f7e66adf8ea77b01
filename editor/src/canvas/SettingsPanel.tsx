import { maxBonusPoints } from '../../../shared/scenario/budget';
import type { ScenarioSettings } from '../../../shared/scenario/schema';
import { useEffect, useState } from 'react';
import { listScenarios } from '../api/scenarios';
import { useEditor } from '../store/editor';
import { Field, NumberInput, TimeInput } from '../ui/fields';
import { useT } from '../i18n';
import { useScenarioPolicyT } from '../settings/scenarioTexts';
import '../settings/scenarioPolicy.css';

const TIME_ZONES = ['Europe/Kaliningrad', 'Europe/Moscow', 'Europe/Samara', 'Asia/Yekaterinburg', 'Asia/Omsk', 'Asia/Novosibirsk', 'Asia/Krasnoyarsk', 'Asia/Irkutsk', 'Asia/Yakutsk', 'Asia/Vladivostok', 'Asia/Magadan', 'Asia/Kamchatka', 'UTC'];

/** Scenario-wide settings: time zone, quiet hours, stop on purchase, conversion window, the bonus budget, priority. */
export function SettingsPanel() {
  const { t } = useT();
  const policyT = useScenarioPolicyT().t;
  const doc = useEditor((s) => s.doc);
  const readOnly = useEditor((s) => s.readOnly);
  const change = useEditor((s) => s.change);
  const s = doc.settings;
  const set = (patch: Partial<ScenarioSettings>, key?: string) => change((d) => ({ ...d, settings: { ...d.settings, ...patch } }), key ? `settings:${key}` : undefined);
  const budget = s.budget;
  const groups = useExclusivityGroups();
  return (
    <fieldset className="settings-panel" disabled={readOnly}>
      <Field label={t('settings.description')}>
        {(id) => (
          <textarea id={id} rows={2} value={doc.description ?? ''} onChange={(e) => change((d) => ({ ...d, description: e.target.value || undefined }), 'description')} />
        )}
      </Field>
      <Field label={t('settings.timezone')}>
        {(id) => (
          <select id={id} value={s.timezone} onChange={(e) => set({ timezone: e.target.value })}>
            {!TIME_ZONES.includes(s.timezone) && <option value={s.timezone}>{s.timezone}</option>}
            {TIME_ZONES.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        )}
      </Field>
      <label className="check block">
        <input type="checkbox" checked={!!s.quietHours} onChange={(e) => set({ quietHours: e.target.checked ? { start: '21:00', end: '09:00' } : undefined })} />
        {t('settings.quietHours')}
      </label>
      {s.quietHours && (
        <div className="field-row">
          <Field label={t('settings.quietFrom')} hint={t('settings.quietHint')}>
            {(id) => <TimeInput id={id} value={s.quietHours!.start} onChange={(start) => set({ quietHours: { ...s.quietHours!, start } }, 'qs')} />}
          </Field>
          <Field label={t('settings.quietTo')}>
            {(id) => <TimeInput id={id} value={s.quietHours!.end} onChange={(end) => set({ quietHours: { ...s.quietHours!, end } }, 'qe')} />}
          </Field>
        </div>
      )}
      <label className="check block">
        <input type="checkbox" checked={s.stopOnPurchase} onChange={(e) => set({ stopOnPurchase: e.target.checked })} />
        {t('settings.stopOnPurchase')}
      </label>
      <Field label={t('settings.conversionWindow')}>
        {(id) => <NumberInput id={id} min={1} max={365} value={s.conversionWindowDays} onChange={(n) => n && set({ conversionWindowDays: n }, 'cw')} />}
      </Field>
      <label className="check block">
        <input type="checkbox" checked={!!budget} onChange={(e) => set({ budget: e.target.checked ? { avgCheck: 900, marginPct: 40, maxShareOfMarginPct: 50 } : undefined })} />
        {t('settings.budget')}
      </label>
      {budget && (
        <div className="budget-box">
          <div className="field-row three">
            <Field label={t('settings.avgCheck')}>{(id) => <NumberInput id={id} min={1} integer={false} value={budget.avgCheck} onChange={(n) => n && set({ budget: { ...budget, avgCheck: n } }, 'b1')} />}</Field>
            <Field label={t('settings.margin')}>{(id) => <NumberInput id={id} min={1} max={100} integer={false} value={budget.marginPct} onChange={(n) => n && set({ budget: { ...budget, marginPct: n } }, 'b2')} />}</Field>
            <Field label={t('settings.share')}>
              {(id) => <NumberInput id={id} min={1} max={100} integer={false} value={budget.maxShareOfMarginPct} onChange={(n) => n && set({ budget: { ...budget, maxShareOfMarginPct: n } }, 'b3')} />}
            </Field>
          </div>
          <p className="budget ok">{t('settings.maxBonus', { n: maxBonusPoints(budget) })}</p>
          <p className="field-hint">{t('settings.budgetHint')}</p>
        </div>
      )}
      <h3 className="settings-subhead">{policyT('overlapHead')}</h3>
      <div className="field-row">
        <Field label={policyT('priority')}>
          {(id) => (
            <NumberInput id={id} min={1} max={100} optional placeholder={policyT('priorityDefault')} value={s.priority} onChange={(n) => set({ priority: n === undefined ? undefined : Math.min(100, Math.max(1, n)) }, 'priority')} />
          )}
        </Field>
        <Field label={policyT('group')}>
          {(id) => (
            <input
              id={id}
              maxLength={60}
              placeholder={policyT('groupPlaceholder')}
              list="exclusivity-groups"
              value={s.exclusivityGroup ?? ''}
              onChange={(e) => set({ exclusivityGroup: e.target.value.trim() ? e.target.value : undefined }, 'group')}
            />
          )}
        </Field>
      </div>
      <datalist id="exclusivity-groups">
        {groups.map((g) => (
          <option key={g} value={g} />
        ))}
      </datalist>
      <p className="field-hint">{policyT('priorityHint')}</p>
      <p className="field-hint">{policyT('groupHint')}</p>
    </fieldset>
  );
}

/** The exclusivity groups other scenarios use, for the group field's suggestions (none when the list cannot be read). */
function useExclusivityGroups(): string[] {
  const [groups, setGroups] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    listScenarios(false)
      .then((list) => live && setGroups([...new Set(list.flatMap((s) => (s.exclusivityGroup ? [s.exclusivityGroup] : [])))].sort((a, b) => a.localeCompare(b, 'ru'))))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  return groups;
}
