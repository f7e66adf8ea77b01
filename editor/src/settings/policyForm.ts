import type { ApiIssue } from '../../../shared/api/errors';
import type { PolicyRequest } from '../../../shared/api/policy';
import { CHANNEL_NAMES, formatNumber, type Lang } from '../../../shared/i18n';
import { capInWords, type Cap, type CapPeriod } from '../../../shared/policy/caps';
import { translatePolicy } from './texts';

/**
 * The policy form as the marketer edits it: numbers may be half-typed (undefined), each cap row has a stable key for
 * React. Checked here in the marketer's words before any request, with the same limits the API applies.
 */
export interface CapDraft {
  key: number;
  channel: Cap['channel'];
  period: CapPeriod;
  max: number | undefined;
}

export interface PolicyDraft {
  caps: CapDraft[];
  maxDelayDays: number | undefined;
  sharePct: number | undefined;
}

/** Which part of the form a problem is about: the caps as a whole, one row (by key), the deferral, the share. */
export type PolicyField = 'caps' | { cap: number } | 'delay' | 'control';

export interface PolicyProblem {
  field: PolicyField;
  message: string;
}

export const CAP_CHANNELS: Cap['channel'][] = ['all', 'sms', 'email', 'telegram', 'push'];
export const CAP_PERIODS: CapPeriod[] = ['day', 'week', 'month'];
export const MAX_CAPS = 16;

let nextKey = 1;
export const newCapKey = () => nextKey++;

export function draftOf(policy: PolicyRequest): PolicyDraft {
  return {
    caps: policy.caps.map((c) => ({ key: newCapKey(), ...c })),
    maxDelayDays: policy.maxDelayDays,
    sharePct: policy.controlGroup.sharePct,
  };
}

/** A new row: the first channel-and-period pair not capped yet, so adding never starts with a duplicate. */
export function newCap(caps: readonly CapDraft[]): CapDraft {
  const taken = new Set(caps.map((c) => `${c.channel}:${c.period}`));
  for (const channel of CAP_CHANNELS) {
    for (const period of CAP_PERIODS) {
      if (!taken.has(`${channel}:${period}`)) return { key: newCapKey(), channel, period, max: period === 'day' ? 1 : period === 'week' ? 2 : 6 };
    }
  }
  return { key: newCapKey(), channel: 'all', period: 'day', max: 1 };
}

const PERIOD_KEY = { day: 'periodDay', week: 'periodWeek', month: 'periodMonth' } as const;

export const periodWords = (period: CapPeriod, lang: Lang) => translatePolicy(lang, PERIOD_KEY[period]);
export const channelWords = (channel: Cap['channel'], lang: Lang) => (channel === 'all' ? translatePolicy(lang, 'channelAll') : CHANNEL_NAMES[channel][lang]);

const isWhole = (n: number | undefined, min: number, max: number): n is number => n !== undefined && Number.isInteger(n) && n >= min && n <= max;
const isShare = (n: number | undefined): n is number => n !== undefined && n >= 0 && n <= 50 && Math.abs(n * 10 - Math.round(n * 10)) < 1e-9;

/** Every reason the draft cannot be saved, each tied to the part of the form it is about. */
export function policyProblems(draft: PolicyDraft, lang: Lang): PolicyProblem[] {
  const t = (key: Parameters<typeof translatePolicy>[1], params?: Record<string, string | number>) => translatePolicy(lang, key, params);
  const problems: PolicyProblem[] = [];
  if (draft.caps.length > MAX_CAPS) problems.push({ field: 'caps', message: t('problemTooMany') });
  const firstOf = new Map<string, number>();
  draft.caps.forEach((cap, i) => {
    if (!isWhole(cap.max, 1, 100)) problems.push({ field: { cap: cap.key }, message: t('problemMax', { n: i + 1 }) });
    const id = `${cap.channel}:${cap.period}`;
    const first = firstOf.get(id);
    if (first === undefined) firstOf.set(id, i);
    else
      problems.push({
        field: { cap: cap.key },
        message: t('problemDuplicate', { first: first + 1, second: i + 1, what: channelWords(cap.channel, lang), period: periodWords(cap.period, lang) }),
      });
  });
  if (!isWhole(draft.maxDelayDays, 0, 30)) problems.push({ field: 'delay', message: t('problemDelay') });
  if (!isShare(draft.sharePct)) problems.push({ field: 'control', message: t('problemShare') });
  return problems;
}

/** Caps that can never bite: a channel's cap not below the all-channel cap of the same period. */
export function policyWarnings(draft: PolicyDraft, lang: Lang): { key: number; message: string }[] {
  const out: { key: number; message: string }[] = [];
  for (const cap of draft.caps) {
    if (cap.channel === 'all' || cap.max === undefined) continue;
    const overall = draft.caps.find((c) => c.channel === 'all' && c.period === cap.period && c.max !== undefined);
    if (overall && overall.max! <= cap.max) {
      out.push({
        key: cap.key,
        message: translatePolicy(lang, 'warnShadowed', { cap: capInWords(cap as Cap, lang), period: periodWords(cap.period, lang), max: overall.max! }),
      });
    }
  }
  return out;
}

/** What the API takes, or null while the draft has problems. */
export function toRequest(draft: PolicyDraft): PolicyRequest | null {
  if (policyProblems(draft, 'en').length > 0) return null;
  return {
    caps: draft.caps.map(({ channel, period, max }) => ({ channel, period, max: max! })),
    maxDelayDays: draft.maxDelayDays!,
    controlGroup: { sharePct: Math.round(draft.sharePct! * 10) / 10 },
  };
}

/** Whether the draft says what the saved policy says (row order counts: it is the order the marketer sees). */
export function isUnchanged(draft: PolicyDraft, saved: PolicyRequest): boolean {
  return (
    draft.maxDelayDays === saved.maxDelayDays &&
    draft.sharePct === saved.controlGroup.sharePct &&
    draft.caps.length === saved.caps.length &&
    draft.caps.every((c, i) => c.channel === saved.caps[i].channel && c.period === saved.caps[i].period && c.max === saved.caps[i].max)
  );
}

export const formatShare = (pct: number, lang: Lang) => formatNumber(pct, lang, 1);

function listInWords(items: string[], lang: Lang): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${translatePolicy(lang, 'and')} ${items[items.length - 1]}`;
}

/** Tightest first within a period, shorter periods first: «1 сообщение в день …, 2 сообщения в неделю …». */
function ordered(caps: readonly Cap[]): Cap[] {
  return [...caps].sort((a, b) => CAP_PERIODS.indexOf(a.period) - CAP_PERIODS.indexOf(b.period) || CAP_CHANNELS.indexOf(a.channel) - CAP_CHANNELS.indexOf(b.channel));
}

/** What a policy promises a customer, sentence by sentence, in the marketer's language. */
export function policyPromise(policy: PolicyRequest, lang: Lang): string[] {
  const t = (key: Parameters<typeof translatePolicy>[1], params?: Record<string, string | number>) => translatePolicy(lang, key, params);
  const sentences: string[] = [];
  if (policy.caps.length === 0) sentences.push(t('promiseNoCaps'));
  else {
    sentences.push(t('promiseCaps', { caps: listInWords(ordered(policy.caps).map((c) => capInWords(c, lang)), lang) }));
    sentences.push(policy.maxDelayDays > 0 ? t('promiseDelay', { n: policy.maxDelayDays }) : t('promiseNoDelay'));
    sentences.push(t('promiseService'));
  }
  const share = policy.controlGroup.sharePct;
  sentences.push(share > 0 ? t('promiseControl', { share: formatShare(share, lang) }) : t('promiseNoControl'));
  return sentences;
}

/** One line for the history table: «1 сообщение в день по всем каналам, 2 SMS в неделю · отложить до 3 дн. · контроль 5 %». */
export function policyShort(policy: PolicyRequest, lang: Lang): string {
  const caps = policy.caps.length ? ordered(policy.caps).map((c) => capInWords(c, lang)).join(', ') : translatePolicy(lang, 'shortNoCaps');
  const parts = [caps];
  if (policy.caps.length) parts.push(translatePolicy(lang, 'shortDelay', { n: policy.maxDelayDays }));
  if (policy.controlGroup.sharePct > 0) parts.push(translatePolicy(lang, 'shortControl', { share: formatShare(policy.controlGroup.sharePct, lang) }));
  return parts.join(' · ');
}

/** An API issue named by the part of the form it is about: `caps.1.max` → «Лимит 2: …». */
export function issueInWords(issue: ApiIssue, lang: Lang): string {
  const path = issue.path.split('.');
  let where = '';
  if (path[0] === 'caps') where = path[1] !== undefined && /^\d+$/.test(path[1]) ? translatePolicy(lang, 'fieldCap', { n: Number(path[1]) + 1 }) : translatePolicy(lang, 'fieldCaps');
  else if (path[0] === 'maxDelayDays') where = translatePolicy(lang, 'fieldDelay');
  else if (path[0] === 'controlGroup') where = translatePolicy(lang, 'fieldControl');
  return where ? `${where}: ${issue.message}` : issue.message;
}
