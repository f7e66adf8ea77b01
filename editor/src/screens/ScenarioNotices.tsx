import { useEffect, useState } from 'react';
import { api } from '../api/http';
import { defineTexts } from '../i18n';
import { formatShortDateTime } from '../i18n/format';

const { useTexts } = defineTexts<'done' | 'title'>({
  ru: { done: 'Понятно', title: 'Для маркетолога, {at}' },
  en: { done: 'Got it', title: 'For marketers, {at}' },
});

interface Notice {
  id: number;
  text: string;
  nodeId: string | null;
  createdAt: string;
}

/** Open marketer tasks about this scenario (e.g. an A/B split that decided by itself), each closed with "Got it". */
export function ScenarioNotices({ scenarioId, refreshKey }: { scenarioId: string; refreshKey: number }) {
  const { t } = useTexts();
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => {
    api<{ notices: Notice[] }>('GET', `/api/scenarios/${encodeURIComponent(scenarioId)}/notices`).then(
      (r) => setNotices(r.notices),
      () => setNotices([]),
    );
  }, [scenarioId, refreshKey]);
  const done = async (id: number) => {
    await api('POST', `/api/scenarios/${encodeURIComponent(scenarioId)}/notices/${id}/done`).catch(() => {});
    setNotices((list) => list.filter((n) => n.id !== id));
  };
  return (
    <>
      {notices.map((n) => (
        <div key={n.id} className="banner banner-info" role="status" data-testid="scenario-notice">
          <strong>{t('title', { at: formatShortDateTime(n.createdAt) })}:</strong> {n.text}{' '}
          <button type="button" className="btn-secondary small" onClick={() => void done(n.id)}>
            {t('done')}
          </button>
        </div>
      ))}
    </>
  );
}
