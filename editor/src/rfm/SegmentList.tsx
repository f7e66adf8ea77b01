import { useState } from 'react';
import { segmentScenarioDraft } from '../../../shared/rfm/scenarioDraft';
import { createScenario } from '../api/scenarios';
import { formatNumber } from '../i18n/format';
import { navigate } from '../router';
import { toast } from '../ui/toast';
import { deleteSegment, segmentExportUrl, type Segment } from './api';
import { useRfmT } from './texts';

const num = (n: number) => formatNumber(n);

/** Named segments with live counts; each can be exported or become a scenario's audience. */
export function SegmentList(props: { segments: Segment[] | null; canEdit: boolean; onChanged(): void }) {
  const { t, lang } = useRfmT();
  const [busy, setBusy] = useState<string | null>(null);

  const createFrom = async (segment: Segment) => {
    setBusy(segment.id);
    try {
      const created = await createScenario(segmentScenarioDraft({ name: segment.name, condition: segment.condition }));
      navigate({ name: 'editor', id: created.id });
    } catch (e) {
      toast(t('createFailed', { error: e instanceof Error ? e.message : String(e) }), 'error');
      setBusy(null);
    }
  };

  const remove = async (segment: Segment) => {
    try {
      await deleteSegment(segment.id);
      toast(t('segmentDeleted'), 'success');
      props.onChanged();
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), 'error');
    }
  };

  return (
    <section className="rfm-segments" aria-labelledby="rfm-segments-title">
      <h2 id="rfm-segments-title">{t('segments')}</h2>
      <p className="rfm-muted">{t('segmentsHint')}</p>
      <ul>
        {(props.segments ?? []).map((s) => (
          <li key={s.id} data-segment={s.builtinKey ?? s.id}>
            <div className="rfm-seg-main">
              <strong>{lang === 'en' && s.nameEn ? s.nameEn : s.name}</strong>
              {s.builtinKey && <span className="rfm-badge">{t('segmentBuiltin')}</span>}
              <div className="rfm-muted">{lang === 'en' && s.descriptionEn ? s.descriptionEn : s.description}</div>
            </div>
            <span className="rfm-seg-count">{s.customers === null ? '—' : t('customers', { n: num(s.customers), count: s.customers })}</span>
            <a className="btn-ghost small" href={segmentExportUrl(s.id)} download>
              {t('segmentExport')}
            </a>
            {props.canEdit && (
              <button type="button" className="btn-secondary small" disabled={busy === s.id} onClick={() => void createFrom(s)}>
                {busy === s.id ? t('creating') : t('createScenario')}
              </button>
            )}
            {props.canEdit && !s.builtinKey && (
              <button type="button" className="btn-ghost small" onClick={() => void remove(s)}>
                {t('segmentDelete')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
