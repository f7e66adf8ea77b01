/**
 * The status words the API answers with, as plain lists (no zod): the runtime, the server's schemas in
 * shared/api/*.ts and the editor's filters all use these, so a status exists in one place.
 */

/** Every status a run (one customer in one scenario version) can have. */
export const RUN_STATUSES = ['running', 'completed', 'converted', 'limited', 'exited'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** What support can do to a live run. */
export const RUN_ACTIONS = ['exit', 'skip-wait', 'convert'] as const;
export type RunAction = (typeof RUN_ACTIONS)[number];

/** A staff task: waiting, taken by someone, or closed with an outcome. */
export const TASK_STATUSES = ['open', 'taken', 'closed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
