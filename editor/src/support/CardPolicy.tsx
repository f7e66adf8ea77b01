import type { CustomerCard } from './api';
import { controlGroupLine, entrySkipLine, usePolicyT } from './policyTexts';

/** Whether the customer is in the global control group, and the latest times an audience selected them but they did not enter. */
export function CardPolicy({ card }: { card: CustomerCard }) {
  const { t, lang } = usePolicyT();
  const control = controlGroupLine(card.controlGroup, lang);
  if (!control && card.entrySkips.length === 0) return null;
  return (
    <section className="desk-section desk-policy" data-testid="card-policy">
      {control && (
        <p className={`desk-control${card.controlGroup.member ? ' is-member' : ''}`} data-testid="control-group">
          {control}
        </p>
      )}
      {card.entrySkips.length > 0 && (
        <>
          <h2>{t('skipsTitle')}</h2>
          <ul className="desk-plain desk-skips" data-testid="entry-skips">
            {card.entrySkips.map((k) => (
              <li key={`${k.scenarioId}:${k.day}`} data-reason={k.reason}>
                {entrySkipLine(k, lang)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
