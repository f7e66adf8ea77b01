import type { Reentry } from '../../../shared/scenario/nodes/reentry';
import { isEventTrigger, isTrigger, type ScenarioDocument, type ScenarioNode } from '../../../shared/scenario/schema';

/** The node the scenario starts from, whatever its type (the first one when a draft has several). */
export function triggerOf(doc: Pick<ScenarioDocument, 'nodes'>): ScenarioNode | undefined {
  return doc.nodes.find((n) => isTrigger(n.type));
}

/**
 * The scenario's own hour as the runtime reads it (shared/scenario/plan.ts `scenarioHour`): the time a scheduled
 * trigger runs at; null for a trigger without one (events, hourly points expiry), whose hour is the moment of entry.
 */
export function triggerHour(node: ScenarioNode | undefined): string | null {
  if (!node || !isTrigger(node.type)) return null;
  const config = node.config as { at?: unknown };
  return typeof config.at === 'string' ? config.at : null;
}

/** True when customers enter on events, so an audience counted "now" would mean nothing. */
export function entersOnEvents(doc: Pick<ScenarioDocument, 'nodes'>): boolean {
  return isEventTrigger(triggerOf(doc)?.type);
}

export type ReentryMode = Reentry['mode'];

/** The rule after the marketer picks another mode; a cooldown keeps the days typed before, or starts at 30. */
export function withReentryMode(rule: Reentry, mode: ReentryMode, lastDays?: number): Reentry {
  if (mode === 'cooldown') return { mode, days: rule.mode === 'cooldown' ? rule.days : (lastDays ?? 30) };
  return { mode };
}

/**
 * The node label after a segment is picked on «Попал в сегмент»: the canvas shows which segment (the summary
 * cannot, it knows only the id). A label the marketer wrote stays; one this picker wrote follows the new segment.
 */
export function labelForSegment(label: string | undefined, autoLabels: ReadonlySet<string>, next: string): string {
  return !label?.trim() || autoLabels.has(label) ? next : label;
}
