import { useEffect, useState } from 'react';
import type { SegmentWithCount } from '../../../../shared/api/rfm';
import { NODE_SPECS } from '../../../../shared/scenario/schema';
import { labelForSegment } from '../../document/trigger';
import { listSegments } from '../../rfm/api';
import { useEditor } from '../../store/editor';
import { Field, TimeInput } from '../../ui/fields';
import { useTriggerT, triggerText } from './triggerTexts';
import type { NodeFormProps } from './types';

type Load = { state: 'loading' } | { state: 'failed'; error: string } | { state: 'ready'; segments: SegmentWithCount[] };

export function SegmentTriggerForm({ nodeId, config, onChange, doc }: NodeFormProps<'segmentTrigger'>) {
  const { t, lang } = useTriggerT();
  const updateNode = useEditor((s) => s.updateNode);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    listSegments().then(
      (segments) => live && setLoad({ state: 'ready', segments }),
      (e: unknown) => live && setLoad({ state: 'failed', error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, []);
  const segments = load.state === 'ready' ? load.segments : [];
  const nameOf = (s: SegmentWithCount) => (lang === 'en' && s.nameEn) || s.name;
  const chosen = segments.find((s) => s.id === config.segmentId);
  const gone = load.state === 'ready' && config.segmentId !== '' && !chosen;

  const pick = (id: string) => {
    const next = segments.find((s) => s.id === id);
    if (!next) return;
    // Labels this picker wrote for the previous segment, in either language, follow the new one.
    const auto = new Set(chosen ? [chosen.name, chosen.nameEn ?? chosen.name].flatMap((name) => [triggerText('ru', 'segmentLabel', { name }), triggerText('en', 'segmentLabel', { name })]) : []);
    updateNode(nodeId, (n) => ({ ...n, config: { ...config, segmentId: id }, label: labelForSegment(n.label, auto, t('segmentLabel', { name: nameOf(next) })) }) as typeof n);
  };

  return (
    <>
      <Field
        label={t('segment')}
        error={load.state === 'failed' ? t('segmentsFailed', { error: load.error }) : gone ? t('segmentGone') : null}
        hint={load.state === 'loading' ? t('segmentsLoading') : load.state === 'ready' && segments.length === 0 ? t('segmentsNone') : undefined}
      >
        {(id) => (
          <select id={id} value={chosen ? chosen.id : ''} onChange={(e) => pick(e.target.value)} disabled={load.state !== 'ready'}>
            <option value="" disabled>
              {t('segmentPick')}
            </option>
            {segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.customers === null ? nameOf(s) : t('segmentCustomers', { name: nameOf(s), n: s.customers })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('checkAt')} hint={t('checkAtHint', { zone: doc.settings.timezone })}>
        {(id) => <TimeInput id={id} value={config.at} onChange={(at) => onChange({ ...config, at }, 'at')} />}
      </Field>
      <p className="form-hint">{t('summary', { text: NODE_SPECS.segmentTrigger.summary(config, lang) })}</p>
      <p className="form-hint trigger-note">{t('segmentNote')}</p>
    </>
  );
}
