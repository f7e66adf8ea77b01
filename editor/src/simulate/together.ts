import type { PolicyRequest } from '../../../shared/api/policy';
import { NOT_ENTERED_REASONS, type CustomerTimeline, type SimulatedScenario, type SimulationResult } from '../../../shared/api/simulate';
import { formatShortDateTime } from '../../../shared/i18n/format';
import type { Lang } from '../../../shared/i18n';
import { capInWords, type Cap } from '../../../shared/policy/caps';
import { policyShort, toRequest, type PolicyDraft } from '../settings/policyForm';
import { translateTogether, type TogetherKey } from './texts';

/**
 * Several scenarios simulated together (issue 14): what the panel sends for them, and the answer's scenarios,
 * policy and collisions as the marketer reads them. Pure, so the words can be tested without a browser.
 */

export interface Words {
  lang: Lang;
  /** The zone times are shown in (the scenario's, Europe/Moscow unless it says otherwise). */
  timeZone: string;
  /** The caps the simulation applied: a journal reason names one in Russian, and is matched back to it. */
  caps: readonly Cap[];
}

const say = (w: Pick<Words, 'lang'>, key: TogetherKey, params?: Record<string, string | number>) => translateTogether(w.lang, key, params);

/** The part of the request for the other scenarios and the policy to try; null while the tried caps have problems. */
export function togetherRequest(options: { together: boolean; trial: PolicyDraft | null }): { withPublished?: true; policy?: PolicyRequest } | null {
  const policy = options.trial ? toRequest(options.trial) : undefined;
  if (policy === null) return null;
  return { ...(options.together && { withPublished: true as const }), ...(policy && { policy }) };
}

/**
 * The rule part of a journal reason (workflows/steps/deliver.ts, server/policy/admit.ts, server/activities/messages.ts),
 * in `lang`; a reason of another shape is shown as written.
 */
function ruleInWords(rule: string, w: Words): string {
  const cap = /^лимит коммуникаций (.+?)(?:, (?:отложить можно не больше чем на (\d+) \S+|(откладывать сообщения запрещено)))?$/.exec(rule);
  if (cap) {
    const known = w.caps.find((c) => capInWords(c, 'ru') === cap[1]);
    if (!known) return rule;
    const parts = [say(w, 'capRule', { cap: capInWords(known, w.lang) })];
    if (cap[2]) parts.push(say(w, 'capLongest', { n: Number(cap[2]) }));
    if (cap[3]) parts.push(say(w, 'capNoDelay'));
    return parts.join(', ');
  }
  const control = /^клиент в глобальной контрольной группе \(([\d.,]+) % клиентов\)$/.exec(rule);
  if (control) return say(w, 'controlRule', { share: control[1] });
  const quiet = /^тихие часы (.+)$/.exec(rule);
  if (quiet) return say(w, 'quietRule', { window: quiet[1] });
  return rule;
}

const SENT_WHAT: Record<string, TogetherKey> = { email: 'sentEmail', sms: 'sentSms', telegram: 'sentTelegram', push: 'sentPush' };

/**
 * A journal reason as the marketer reads it: «отложено до 03.03 10:00 · лимит коммуникаций 1 сообщение в день по
 * всем каналам» (the zone only when it is not the one the panel shows), «письмо отправлено», «пропущено: …».
 */
export function reasonInWords(reason: string, w: Words): string {
  const deferred = /^отложено до (.+?) \(([^)]+)\): (.*)$/.exec(reason);
  if (deferred) {
    const at = deferred[2] === w.timeZone ? deferred[1] : `${deferred[1]} (${deferred[2]})`;
    return say(w, 'deferredUntil', { at, why: ruleInWords(deferred[3], w) });
  }
  const skipped = /^пропущено: (.*)$/.exec(reason);
  if (skipped) return say(w, 'skipped', { why: ruleInWords(skipped[1], w) });
  // «отправлено: SMS в песочницу (вместо email: нет согласия на email)»: the channel, and the one it replaced.
  const sent = /^отправлено: (\S+)[^(]*(?:\(вместо (\S+): (.*)\))?$/.exec(reason);
  if (sent) {
    const what = say(w, 'sent', { what: say(w, SENT_WHAT[sent[1].toLowerCase()] ?? 'sentSome') });
    return sent[2] ? `${what} (${say(w, 'sentInstead', { channel: sent[2], why: sent[3] })})` : what;
  }
  return reason;
}

export interface CollisionLine {
  at: string;
  /** «02.03 10:00» in the panel's zone. */
  time: string;
  scenario: string;
  /** The event is of the scenario being edited. */
  main: boolean;
  outcome: CustomerTimeline['events'][number]['outcome'];
  text: string;
}

/** One example customer where the scenarios met: «02.03 10:00 · Спящие · письмо отправлено», one line per event. */
export function collisionCustomers(result: Pick<SimulationResult, 'scenarios' | 'collisions'>, names: ReadonlyMap<string, string>, w: Words): Array<{ customerId: string; name: string; lines: CollisionLine[] }> {
  const scenarios = new Map(result.scenarios.map((s) => [s.scenarioId, s]));
  return result.collisions.examples.map((timeline) => ({
    customerId: timeline.customerId,
    name: names.get(timeline.customerId) ?? timeline.customerId,
    lines: timeline.events.map((e) => ({
      at: e.at,
      time: formatShortDateTime(e.at, w.timeZone),
      scenario: scenarios.get(e.scenarioId)?.name ?? e.scenarioId,
      main: scenarios.get(e.scenarioId)?.main ?? false,
      outcome: e.outcome,
      text: eventInWords(e, w),
    })),
  }));
}

function eventInWords(e: CustomerTimeline['events'][number], w: Words): string {
  switch (e.outcome) {
    case 'not_entered':
      return say(w, 'notEnteredBecause', { why: isNotEnteredReason(e.reason) ? say(w, e.reason) : (e.reason ?? '') });
    case 'sent':
      return e.reason ? reasonInWords(e.reason, w) : say(w, 'sent', { what: say(w, 'sentSome') });
    case 'deferred':
      return e.reason ? reasonInWords(e.reason, w) : say(w, 'deferredStep');
    case 'skipped':
      return e.reason ? reasonInWords(e.reason, w) : say(w, 'skippedBare');
  }
}

const isNotEnteredReason = (reason: string | null): reason is (typeof NOT_ENTERED_REASONS)[number] => (NOT_ENTERED_REASONS as readonly (string | null)[]).includes(reason);

export interface ScenarioRow {
  scenarioId: string;
  name: string;
  main: boolean;
  /** «приоритет 60 · группа «Возврат»». */
  order: string;
  entered: number;
  messages: number;
  deferred: number;
  skipped: number;
  /** «контрольная группа: 1 · у другого сценария приоритет выше: 2», or null when everyone the audience chose entered. */
  notEntered: string | null;
}

/** The per-scenario table, the scenario being edited first (as the answer lists them). */
export function scenarioRows(scenarios: readonly SimulatedScenario[], w: Pick<Words, 'lang'>): ScenarioRow[] {
  return scenarios.map((s) => {
    const reasons = NOT_ENTERED_REASONS.filter((r) => s.notEntered[r] > 0).map((r) => `${say(w, r)}: ${s.notEntered[r]}`);
    return {
      scenarioId: s.scenarioId,
      name: s.name,
      main: s.main,
      order: [say(w, 'priority', { p: s.priority }), ...(s.exclusivityGroup ? [say(w, 'group', { g: s.exclusivityGroup })] : [])].join(' · '),
      entered: s.entered,
      messages: s.messages,
      deferred: s.deferred,
      skipped: s.skippedByPolicy,
      notEntered: reasons.length ? reasons.join(' · ') : null,
    };
  });
}

/** «Правила магазина, версия 3: 1 сообщение в день по всем каналам · отложить до 3 дн.»; a tried policy says so. */
export function appliedPolicyInWords(policy: SimulationResult['policy'], tried: boolean, lang: Lang): string {
  const whose = tried ? say({ lang }, 'policyTried') : policy.version > 0 ? say({ lang }, 'policyShop', { v: policy.version }) : say({ lang }, 'policyShopNever');
  return `${whose}: ${policyShort(policy, lang)}`;
}

/** Whether the answer has anything to say about scenarios together: others ran, or the policy changed something. */
export function hasTogetherPart(result: Pick<SimulationResult, 'scenarios' | 'collisions'>): boolean {
  return (
    result.scenarios.length > 1 ||
    result.collisions.customers > 0 ||
    result.scenarios.some((s) => s.deferred > 0 || s.skippedByPolicy > 0 || NOT_ENTERED_REASONS.some((r) => s.notEntered[r] > 0))
  );
}
