import { useState } from 'react';
import { api } from '../../api/http';
import { useT } from '../../i18n';
import { toast } from '../../ui/toast';
import type { Prices } from '../../../../shared/api/settings';

const FIELDS: Array<{ key: keyof Prices; label: 'cost.price.sms' | 'cost.price.email' | 'cost.price.telegram' | 'cost.price.push' }> = [
  { key: 'smsPerSegment', label: 'cost.price.sms' },
  { key: 'email', label: 'cost.price.email' },
  { key: 'telegram', label: 'cost.price.telegram' },
  { key: 'push', label: 'cost.price.push' },
];

/** The admin's form for message prices (`PUT /api/settings/pricing`); every estimate uses them. */
export function PricesEditor({ initial, onDone }: { initial: Prices; onDone(saved: boolean): void }) {
  const { t } = useT();
  const [values, setValues] = useState<Record<keyof Prices, string>>(() => Object.fromEntries(FIELDS.map((f) => [f.key, String(initial[f.key]).replace('.', ',')])) as Record<keyof Prices, string>);
  const [busy, setBusy] = useState(false);
  // Russian keyboards type a decimal comma.
  const num = (key: keyof Prices) => Number(values[key].replace(',', '.').trim());
  const parsed: Prices = { smsPerSegment: num('smsPerSegment'), email: num('email'), telegram: num('telegram'), push: num('push') };
  const invalid = FIELDS.some((f) => values[f.key].trim() === '' || !Number.isFinite(parsed[f.key]) || parsed[f.key] < 0);

  const save = async () => {
    setBusy(true);
    try {
      await api<Prices>('PUT', '/api/settings/pricing', parsed);
      toast(t('cost.pricesSaved'), 'success');
      onDone(true);
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="prices-editor"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) void save();
      }}
    >
      {FIELDS.map((f) => (
        <label key={f.key}>
          {t(f.label)}
          <input inputMode="decimal" value={values[f.key]} onChange={(e) => setValues({ ...values, [f.key]: e.target.value })} aria-invalid={!Number.isFinite(parsed[f.key]) || parsed[f.key] < 0} />
        </label>
      ))}
      <div className="prices-actions">
        <button type="submit" className="btn-primary small" disabled={busy || invalid}>
          {t('common.save')}
        </button>
        <button type="button" className="btn-ghost small" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
