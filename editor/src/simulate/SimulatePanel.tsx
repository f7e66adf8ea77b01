import { useState } from 'react';
import { CHANNELS } from '../../../shared/scenario/schema';
import { CHANNEL_NAMES } from '../../../shared/i18n';
import { api, ApiError } from '../api/http';
import { useEditor } from '../store/editor';
import { NumberInput } from '../ui/fields';
import { formatDayMonth, formatRub, formatShortDateTime } from '../i18n/format';
import { useT, type Translate } from '../i18n';
import { nodeTitle } from '../document/ports';
import { purchaseTime, simulationRequest, type SyntheticCustomer } from './customers';
import { RealCustomerPicker } from './RealCustomerPicker';
import { realCustomerName, withRealCustomers } from './realCustomers';
import { togetherChosen, useSimulation } from './store';
import { useTogetherT } from './texts';
import { hasTogetherPart, reasonInWords, togetherRequest } from './together';
import { TogetherOptions } from './TogetherOptions';
import { TogetherResults } from './TogetherResults';
import type { SimulatedRun, SimulationRequest, SimulationResult } from '../../../shared/api/simulate';
import type { Cap } from '../../../shared/policy/caps';

/** A message held before it went: by quiet hours, or deferred by the shop's caps. */
const isHold = (outcome: string): outcome is 'held' | 'deferred' => outcome === 'held' || outcome === 'deferred';

/**
 * Describe a few customers, run the scenario over simulated days, read each one's timeline and path. The client of
 * POST /api/simulate (server/api/routes/simulate.ts); the shapes are shared/api/simulate.ts.
 */
export function SimulatePanel({ hasErrors }: { hasErrors: boolean }) {
  const { t, lang } = useT();
  const doc = useEditor((s) => s.doc);
  const scenarioId = useEditor((s) => s.scenarioId);
  const simulation = useSimulation();
  const { customers, real, days, result, startedAt, shownCustomer, trial, resultTried, set } = simulation;
  const together = useTogetherT().t;
  // What the request adds for the other scenarios and the caps to try; null while the tried caps have problems.
  const others = togetherRequest({ together: togetherChosen(simulation), trial });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const update = (i: number, patch: Partial<SyntheticCustomer>) => set({ customers: customers.map((c, j) => (j === i ? { ...c, ...patch } : c)) });

  const run = async () => {
    if (!others) return;
    setBusy(true);
    setError(null);
    try {
      const start = new Date();
      start.setSeconds(0, 0);
      // A saved scenario is simulated under its own id, so each customer gets the A/B variant its real run will.
      const body = { ...withRealCustomers(simulationRequest(doc, customers, start.toISOString(), days), real), ...(scenarioId && { scenarioId }), ...others } satisfies SimulationRequest;
      const r = await api<SimulationResult>('POST', '/api/simulate', body);
      set({ result: r, startedAt: body.start, shownCustomer: r.runs[0]?.customerId ?? null, resultTried: Boolean(body.policy) });
    } catch (e) {
      setError(e instanceof ApiError && (e.status === 404 || e.status === 503) ? t('sim.unavailable') : t('sim.failed', { error: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  const timeZone = doc.settings.timezone;
  return (
    <div className="simulate">
      <p className="form-hint">{t('sim.hint')}</p>
      <div className="sim-controls">
        <label>
          {t('sim.days')}
          <NumberInput min={1} max={365} className="narrow" value={days} onChange={(n) => n && set({ days: Math.min(365, n) })} />
        </label>
        <button type="button" className="btn-primary" disabled={busy || hasErrors || !others} onClick={() => void run()} title={hasErrors ? t('sim.invalid') : !others ? together('tryInvalid') : undefined}>
          {busy ? t('sim.running') : t('sim.run')}
        </button>
      </div>
      {hasErrors && <p className="field-error">{t('sim.invalid')}</p>}
      {!others && <p className="field-error">{together('tryInvalid')}</p>}
      <TogetherOptions />
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      <details className="sim-customers" open={!result}>
        <summary>
          {t('sim.customers')} ({customers.length})
        </summary>
        {customers.map((c, i) => (
          <fieldset key={c.id} className="sim-customer" aria-label={c.name}>
            <div className="field-row">
              <label>
                {t('sim.customer.name')}
                <input value={c.name} onChange={(e) => update(i, { name: e.target.value })} />
              </label>
              <label>
                {t('sim.customer.city')}
                <input value={c.city} onChange={(e) => update(i, { city: e.target.value })} />
              </label>
            </div>
            <div className="field-row three">
              <label>
                {t('sim.customer.daysSince')}
                <NumberInput min={0} value={c.daysSinceLastOrder} onChange={(n) => n !== undefined && update(i, { daysSinceLastOrder: n })} />
              </label>
              <label>
                {t('sim.customer.orders')}
                <NumberInput min={0} value={c.orderCount} onChange={(n) => n !== undefined && update(i, { orderCount: n })} />
              </label>
              <label>
                {t('sim.customer.avgCheck')}
                <NumberInput min={1} value={c.avgCheck} onChange={(n) => n && update(i, { avgCheck: n })} />
              </label>
            </div>
            <div className="field-row">
              <label>
                {t('sim.customer.card')}
                <select value={c.cardType} onChange={(e) => update(i, { cardType: e.target.value as 'regular' | 'vip' })}>
                  <option value="regular">{t('sim.card.regular')}</option>
                  <option value="vip">VIP</option>
                </select>
              </label>
              <label>
                {t('sim.customer.buyOnDay')}
                <NumberInput min={1} optional placeholder={t('sim.customer.buyNever')} value={c.buysOnDay ?? undefined} onChange={(n) => update(i, { buysOnDay: n ?? null })} />
              </label>
            </div>
            <div className="sim-channels" role="group" aria-label={t('sim.customer.channels')}>
              <span>{t('sim.customer.channels')}:</span>
              {CHANNELS.map((ch) => (
                <label key={ch} className="check">
                  <input type="checkbox" checked={c.subscriptions[ch]} onChange={(e) => update(i, { subscriptions: { ...c.subscriptions, [ch]: e.target.checked } })} />
                  {CHANNEL_NAMES[ch][lang]}
                </label>
              ))}
              <span className="spacer" />
              <button type="button" className="btn-ghost small danger" disabled={customers.length + real.length <= 1} onClick={() => set({ customers: customers.filter((_, j) => j !== i) })}>
                {t('sim.customer.remove')}
              </button>
            </div>
          </fieldset>
        ))}
        <button
          type="button"
          className="btn-ghost small"
          onClick={() =>
            set({
              customers: [
                ...customers,
                { ...customers[customers.length - 1], id: `sim-${Date.now().toString(36)}`, name: `Клиент ${customers.length + 1}` },
              ],
            })
          }
        >
          + {t('sim.addCustomer')}
        </button>
      </details>
      <details className="sim-customers sim-real" open={!result || real.length > 0}>
        <summary>
          {t('sim.real.title')} ({real.length})
        </summary>
        {real.length > 0 && (
          <ul className="real-chosen">
            {real.map((r) => (
              <li key={r.customer.id} className="chip static">
                {realCustomerName(r)}
                <button type="button" className="chip-remove" aria-label={`${t('sim.real.remove')}: ${realCustomerName(r)}`} onClick={() => set({ real: real.filter((x) => x.customer.id !== r.customer.id) })}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <RealCustomerPicker />
      </details>
      {result && (
        <div className="sim-results" data-testid="sim-results">
          <p className="sim-summary">
            {t('sim.summary', {
              // Customers, not runs: beside other scenarios a customer may finish and enter again.
              entered: new Set(result.runs.map((r) => r.customerId)).size,
              total: customers.length + real.length,
              converted: new Set(result.runs.filter((r) => r.status === 'converted').map((r) => r.customerId)).size,
            })}
          </p>
          {hasTogetherPart(result) && (
            <TogetherResults
              result={result}
              tried={resultTried}
              timeZone={timeZone}
              names={new Map([...customers.map((c) => [c.id, c.name] as const), ...real.map((r) => [r.customer.id, realCustomerName(r)] as const)])}
            />
          )}
          {[
            ...customers.map((c) => ({ id: c.id, name: c.name, purchase: startedAt ? purchaseTime(c, startedAt) : null })),
            ...real.map((r) => ({ id: r.customer.id, name: realCustomerName(r), purchase: null })),
          ].map((c) => {
            const run = result.runs.find((r) => r.customerId === c.id);
            return (
              <section key={c.id} className={`sim-run${shownCustomer === c.id ? ' is-shown' : ''}`} data-customer-id={c.id}>
                <header>
                  <strong>{c.name}</strong>
                  {run ? <span className={`status run-${run.status}`}>{t(`sim.run.${run.status}`)}</span> : <span className="muted">{t('sim.notEntered')}</span>}
                  {run?.variant && <span className="chip static">{t('sim.variant', { v: run.variant })}</span>}
                  <span className="spacer" />
                  {run && (
                    <button type="button" className="btn-ghost small" aria-pressed={shownCustomer === c.id} onClick={() => set({ shownCustomer: shownCustomer === c.id ? null : c.id })}>
                      {shownCustomer === c.id ? t('sim.hidePath') : t('sim.showPath')}
                    </button>
                  )}
                </header>
                {run && <Timeline run={run} timeZone={timeZone} t={t} purchaseAt={c.purchase} caps={result.policy?.caps ?? []} />}
              </section>
            );
          })}
        </div>
      )}
    </div>
  );
}

interface Entry {
  at: string;
  kind: 'step' | 'deferred' | 'held' | 'message' | 'bonus' | 'task' | 'order';
  nodeId: string;
  title: string;
  subject?: string;
  body?: string;
}

function Timeline({ run, timeZone, t, purchaseAt, caps }: { run: SimulatedRun; timeZone: string; t: Translate; purchaseAt: { at: string; amount: number } | null; caps: readonly Cap[] }) {
  const { lang } = useT();
  const together = useTogetherT().t;
  const doc = useEditor((s) => s.doc);
  const name = (id: string) => {
    const node = doc.nodes.find((n) => n.id === id);
    return node ? nodeTitle(node, lang) : id;
  };
  const focusNode = useEditor((s) => s.focusNode);
  const sending = new Set([...run.messages.map((m) => m.nodeId), ...run.bonuses.map((b) => b.nodeId), ...run.tasks.map((x) => x.nodeId)]);
  const entries: Entry[] = [
    // Steps that produced a message, bonus or task are shown as that, not twice; a hold before the message is its own line.
    ...run.steps
      .filter((s) => !(sending.has(s.nodeId) && s.outcome !== 'skipped' && !isHold(s.outcome)))
      .map((s) =>
        isHold(s.outcome)
          ? {
              at: s.at,
              kind: s.outcome,
              nodeId: s.nodeId,
              title: `${name(s.nodeId)} · ${together(s.outcome === 'deferred' ? 'deferredStep' : 'heldStep')}`,
              body: s.reason ? reasonInWords(s.reason, { lang, timeZone, caps }) : undefined,
            }
          : { at: s.at, kind: 'step' as const, nodeId: s.nodeId, title: name(s.nodeId), body: s.reason || s.outcome },
      ),
    ...run.messages.map((m) => ({ at: m.at, kind: 'message' as const, nodeId: m.nodeId, title: `${t('sim.message')} · ${m.channel.toUpperCase()}`, subject: m.subject, body: m.text })),
    ...run.bonuses.map((b) => ({ at: b.at, kind: 'bonus' as const, nodeId: b.nodeId, title: t('sim.bonus', { points: b.points, date: formatDayMonth(b.expiresAt, timeZone) }) })),
    ...run.tasks.map((x) => ({ at: x.at, kind: 'task' as const, nodeId: x.nodeId, title: t('sim.task'), body: x.text })),
    // The purchase the form described, while the run was still going.
    ...(purchaseAt && purchaseAt.at >= run.enteredAt && (!run.endedAt || purchaseAt.at <= run.endedAt)
      ? [{ at: purchaseAt.at, kind: 'order' as const, nodeId: '', title: `${t('sim.order')}: ${formatRub(purchaseAt.amount)}` }]
      : []),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <ol className="timeline">
      {entries.map((e, i) => (
        <li key={i} className={`tl-${e.kind}`}>
          <time dateTime={e.at}>{formatShortDateTime(e.at, timeZone)}</time>
          <div>
            {e.nodeId ? (
              <button type="button" className="link tl-title" onClick={() => focusNode(e.nodeId)}>
                {e.title}
              </button>
            ) : (
              <strong className="tl-title">{e.title}</strong>
            )}
            {e.subject && <div className="tl-subject">{e.subject}</div>}
            {e.body && <div className={e.kind === 'message' ? 'tl-message-text' : 'tl-body'}>{e.body}</div>}
          </div>
        </li>
      ))}
      <li className="tl-end">
        <time dateTime={run.endedAt ?? ''}>{run.endedAt ? formatShortDateTime(run.endedAt, timeZone) : '…'}</time>
        <div>
          <strong>{t('sim.outcome')}:</strong> {t(`sim.run.${run.status}`)}
        </div>
      </li>
    </ol>
  );
}
