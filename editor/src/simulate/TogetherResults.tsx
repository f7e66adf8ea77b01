import type { SimulationResult } from '../../../shared/api/simulate';
import './together.css';
import { appliedPolicyInWords, collisionCustomers, scenarioRows } from './together';
import { useTogetherT } from './texts';

/**
 * What the scenarios did to each other in a simulation: one row per scenario, the policy applied, and the customers
 * where they met with each one's timeline across scenarios.
 */
export function TogetherResults({ result, tried, names, timeZone }: { result: SimulationResult; tried: boolean; names: ReadonlyMap<string, string>; timeZone: string }) {
  const { t, lang } = useTogetherT();
  const words = { lang, timeZone, caps: result.policy.caps };
  const rows = scenarioRows(result.scenarios, words);
  const met = collisionCustomers(result, names, words);
  return (
    <section className="sim-together" data-testid="sim-together" aria-label={t('head')}>
      <h3>{t('head')}</h3>
      <p className="sim-policy" data-testid="sim-policy">
        {appliedPolicyInWords(result.policy, tried, lang)}
      </p>
      <table className="sim-scenarios">
        <thead>
          <tr>
            <th scope="col">{t('colScenario')}</th>
            <th scope="col" title={t('colEnteredTitle')}>
              {t('colEntered')}
            </th>
            <th scope="col" title={t('colMessagesTitle')}>
              {t('colMessages')}
            </th>
            <th scope="col" title={t('colDeferredTitle')}>
              {t('colDeferred')}
            </th>
            <th scope="col" title={t('colSkippedTitle')}>
              {t('colSkipped')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.scenarioId} className={r.main ? 'is-main' : undefined} data-scenario-id={r.scenarioId}>
              <th scope="row">
                <span className="sim-scenario-name">{r.name}</span>
                {r.main && <span className="chip static">{t('thisScenario')}</span>}
                <div className="sim-scenario-order">{r.order}</div>
                {r.notEntered && (
                  <div className="sim-not-entered">
                    {t('notEntered')}: {r.notEntered}
                  </div>
                )}
              </th>
              <td data-col="entered">{r.entered}</td>
              <td data-col="messages">{r.messages}</td>
              <td data-col="deferred" className={r.deferred ? 'is-wait' : undefined}>
                {r.deferred}
              </td>
              <td data-col="skipped" className={r.skipped ? 'is-bad' : undefined}>
                {r.skipped}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4 data-testid="sim-met">{result.collisions.customers ? t('met', { n: result.collisions.customers }) : t('metNone')}</h4>
      {result.collisions.customers > met.length && <p className="form-hint">{t('metShown', { n: met.length })}</p>}
      {met.map((c) => (
        <details key={c.customerId} className="sim-met-customer" data-customer-id={c.customerId} open={met.length <= 3}>
          <summary>{c.name}</summary>
          <ol>
            {c.lines.map((l, i) => (
              <li key={i} className={`met-${l.outcome}${l.main ? ' is-main' : ''}`}>
                <time dateTime={l.at}>{l.time}</time> · <span className="met-scenario">{l.scenario}</span> · {l.text}
              </li>
            ))}
          </ol>
        </details>
      ))}
    </section>
  );
}
