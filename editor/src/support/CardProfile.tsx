import { showValue } from '../../../shared/conditions/profile';
import { useT } from '../i18n';
import { formatDateTime } from '../i18n/format';
import type { CustomerCard } from './api';

/** The customer's tags and attributes, and which scenario changed them lately: «who called this customer "звонили"?» */
export function CardProfile({ card }: { card: CustomerCard }) {
  const { t } = useT();
  const { tags, attributes } = card.customer;
  const keys = Object.keys(attributes).sort();
  return (
    <section className="desk-card" data-testid="card-profile">
      <h2>{t('support.card.profile')}</h2>
      {tags.length === 0 ? (
        <p className="muted">{t('support.card.noTags')}</p>
      ) : (
        <ul className="desk-tags" aria-label={t('support.card.tags')}>
          {tags.map((tag) => (
            <li key={tag} className="pill pill-muted">
              {tag}
            </li>
          ))}
        </ul>
      )}
      {keys.length === 0 ? (
        <p className="muted">{t('support.card.noAttributes')}</p>
      ) : (
        <dl className="desk-facts">
          {keys.map((key) => (
            <div key={key} style={{ display: 'contents' }}>
              <dt>{key}</dt>
              <dd>{showValue(attributes[key])}</dd>
            </div>
          ))}
        </dl>
      )}
      {card.profileChanges.length > 0 && (
        <>
          <h3>{t('support.card.profileChanges')}</h3>
          <ul className="desk-plain">
            {card.profileChanges.map((p, i) => (
              <li key={i}>
                <span className="muted small">{formatDateTime(p.at)}</span> {p.scenarioName ?? p.scenarioId ?? ''}: {p.changed.join('; ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
