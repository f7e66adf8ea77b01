import { useLang, type Lang, type MessageKey, type Translate } from '../i18n';
import type { RunStatus } from './api';

const OUTCOMES = ['sent', 'skipped', 'failed', 'held', 'waiting', 'waited', 'yes', 'no', 'pass', 'limited', 'granted', 'variant', 'holdout', 'created', 'exit', 'converted', 'exited', 'entered', 'out', 'interrupted', 'moved', 'updated', 'unchanged'] as const;

/** Outcomes of the communication policy (issue 14), named here beside the app's dictionary. */
const POLICY_OUTCOMES: Record<string, Record<Lang, string>> = {
  // «held» is a quiet-hours hold; this one waits for the shop's caps, and its reason says until when.
  deferred: { ru: 'отложено по лимиту', en: 'deferred by a cap' },
  // The webhook node (issue 15).
  delivered: { ru: 'вебхук принят', en: 'webhook accepted' },
  simulated: { ru: 'симуляция', en: 'simulated' },
};

/** A journal outcome in words; an outcome the runtime adds later still shows, as its code. */
export function outcomeLabel(t: Translate, outcome: string, lang: Lang = useLang.getState().lang): string {
  if (Object.hasOwn(POLICY_OUTCOMES, outcome)) return POLICY_OUTCOMES[outcome][lang];
  return (OUTCOMES as readonly string[]).includes(outcome) ? t(`support.outcome.${outcome}` as MessageKey) : outcome;
}

/** Colour family of an outcome on the timeline. */
export function outcomeTone(outcome: string): 'good' | 'bad' | 'wait' | 'neutral' | 'end' | 'move' {
  if (['sent', 'granted', 'created', 'updated', 'converted', 'yes', 'pass', 'delivered', 'simulated'].includes(outcome)) return 'good';
  if (['skipped', 'failed', 'limited', 'no'].includes(outcome)) return 'bad';
  if (['held', 'deferred', 'waiting', 'waited'].includes(outcome)) return 'wait';
  if (outcome === 'out') return 'good';
  if (['exit', 'exited', 'interrupted'].includes(outcome)) return 'end';
  if (outcome === 'moved') return 'move';
  return 'neutral';
}

export function runStatusLabel(t: Translate, status: RunStatus): string {
  return t(`support.runStatus.${status}`);
}
