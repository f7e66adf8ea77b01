/** Events older than this when they arrive start nothing: an import of last year's orders is history, not a trigger. */
export const MAX_EVENT_AGE_HOURS = 48;
