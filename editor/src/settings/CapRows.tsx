import { capInWords, type Cap } from '../../../shared/policy/caps';
import { NumberInput } from '../ui/fields';
import { CAP_CHANNELS, CAP_PERIODS, channelWords, MAX_CAPS, newCap, periodWords, type CapDraft, type PolicyProblem } from './policyForm';
import { usePolicyT } from './texts';

/** The caps as rows a marketer reads aloud: «Не больше [2] сообщений [по всем каналам] [в неделю]». */
export function CapRows({
  caps,
  problems,
  warnings,
  editable,
  onChange,
}: {
  caps: CapDraft[];
  problems: PolicyProblem[];
  warnings: { key: number; message: string }[];
  editable: boolean;
  onChange(caps: CapDraft[]): void;
}) {
  const { t, lang } = usePolicyT();
  const update = (key: number, patch: Partial<CapDraft>) => onChange(caps.map((c) => (c.key === key ? { ...c, ...patch } : c)));
  const rowProblems = (key: number) => problems.filter((p) => typeof p.field === 'object' && p.field.cap === key).map((p) => p.message);
  return (
    <>
      {caps.length === 0 && <p className="policy-empty">{t('capsEmpty')}</p>}
      {caps.length > 0 && (
        <ol className="policy-caps">
          {caps.map((cap, i) => {
            const n = i + 1;
            const errors = rowProblems(cap.key);
            const warning = warnings.find((w) => w.key === cap.key)?.message;
            return (
              <li key={cap.key} className={errors.length ? 'has-error' : undefined} data-testid="policy-cap">
                <div className="policy-cap-row">
                  <span>{t('capPrefix')}</span>
                  <NumberInput className="policy-num" min={1} max={100} value={cap.max} ariaLabel={t('capMax', { n })} onChange={(max) => update(cap.key, { max })} />
                  <span>{t('capMessages', { n: cap.max ?? 0 })}</span>
                  <select aria-label={t('capChannel', { n })} value={cap.channel} onChange={(e) => update(cap.key, { channel: e.target.value as Cap['channel'] })}>
                    {CAP_CHANNELS.map((c) => (
                      <option key={c} value={c}>
                        {channelWords(c, lang)}
                      </option>
                    ))}
                  </select>
                  <select aria-label={t('capPeriod', { n })} value={cap.period} onChange={(e) => update(cap.key, { period: e.target.value as Cap['period'] })}>
                    {CAP_PERIODS.map((p) => (
                      <option key={p} value={p}>
                        {periodWords(p, lang)}
                      </option>
                    ))}
                  </select>
                  <span className="spacer" />
                  {editable && (
                    <button type="button" className="icon-btn" aria-label={t('capRemove', { n })} title={t('capRemove', { n })} onClick={() => onChange(caps.filter((c) => c.key !== cap.key))}>
                      ×
                    </button>
                  )}
                </div>
                {cap.max !== undefined && errors.length === 0 && <div className="policy-cap-words">= {capInWords({ channel: cap.channel, period: cap.period, max: cap.max }, lang)}</div>}
                {errors.map((e) => (
                  <div key={e} className="policy-field-error">
                    {e}
                  </div>
                ))}
                {warning && <div className="policy-field-warning">{warning}</div>}
              </li>
            );
          })}
        </ol>
      )}
      {editable && (
        <button type="button" className="btn-secondary small" disabled={caps.length >= MAX_CAPS} onClick={() => onChange([...caps, newCap(caps)])}>
          + {t('capAdd')}
        </button>
      )}
    </>
  );
}
