// Which node types start a scenario. Kept apart from the node specs (which carry zod) so workflow code may use it;
// nodes/index.ts checks that each is a node type.

/**
 * The node types a scenario starts from; a scenario has exactly one. The daily trigger and the scheduled ones
 * (birthday, points expiring, entered a segment) select their audience on a Temporal Schedule; the event triggers
 * (order placed, custom event) start runs as events arrive (server/entries/).
 */
export const TRIGGER_TYPES = ['dailyTrigger', 'orderTrigger', 'eventTrigger', 'bonusExpiryTrigger', 'birthdayTrigger', 'segmentTrigger'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];
/** Triggers that start runs as events arrive instead of on a schedule. */
export const EVENT_TRIGGER_TYPES = ['orderTrigger', 'eventTrigger'] as const satisfies readonly TriggerType[];
export type EventTriggerType = (typeof EVENT_TRIGGER_TYPES)[number];

export function isTrigger(type: string | null | undefined): type is TriggerType {
  return (TRIGGER_TYPES as readonly unknown[]).includes(type);
}
export function isEventTrigger(type: string | null | undefined): type is EventTriggerType {
  return (EVENT_TRIGGER_TYPES as readonly unknown[]).includes(type);
}
