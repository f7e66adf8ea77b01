import { validateScenario, type ValidationContext } from '../../shared/scenario/validate';
import { TemplateBudgetError } from '../../shared/templates/budget';
import { renderTemplate, TemplateRenderError, TemplateSyntaxError, type MessageContext } from '../../shared/templates/render';

/** What a worker thread of the template pool can do (worker.mjs runs these; pool.ts sends them). */
export const jobs = {
  render(template: string, context: MessageContext, options: { timezone: string; lang?: 'ru' | 'en' }): string {
    return renderTemplate(template, context, options);
  },
  validate(input: unknown, context?: ValidationContext) {
    return validateScenario(input, context);
  },
  /** Test hook: keeps the worker busy the way a rendering stuck in work nothing counts would. */
  stall(): never {
    for (;;);
  },
};

export type Jobs = typeof jobs;
export type JobName = keyof Jobs;

/** Data that cannot be passed to or from a worker thread: structured cloning overflows on very deep nesting. */
export class UnsendableDataError extends Error {
  constructor(cause: unknown) {
    super(`data too deeply nested to pass to a template worker: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'UnsendableDataError';
  }
}

/** An error as it crosses the thread boundary (classes do not survive structured cloning). */
export type SerializedError =
  | { kind: 'syntax'; message: string; line: number | null }
  | { kind: 'budget'; limit: TemplateBudgetError['limit']; max: number; scope: TemplateBudgetError['scope'] }
  | { kind: 'render'; message: string }
  | { kind: 'unsendable'; message: string }
  | { kind: 'other'; message: string };

export type JobResult = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

/** Runs a job in the worker thread and sends its result back (or why there is none). */
export function runJob(port: { postMessage(message: JobResult): void }, id: number, name: JobName, args: unknown[]): void {
  let result: JobResult;
  try {
    result = { id, ok: true, value: (jobs[name] as (...a: unknown[]) => unknown)(...args) };
  } catch (error) {
    result = { id, ok: false, error: serializeError(error) };
  }
  try {
    port.postMessage(result);
  } catch (error) {
    port.postMessage({ id, ok: false, error: { kind: 'unsendable', message: new UnsendableDataError(error).message } });
  }
}

function serializeError(error: unknown): SerializedError {
  if (error instanceof TemplateSyntaxError) return { kind: 'syntax', message: error.message, line: error.line };
  if (error instanceof TemplateBudgetError) return { kind: 'budget', limit: error.limit, max: error.max, scope: error.scope };
  if (error instanceof TemplateRenderError) return { kind: 'render', message: error.message };
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
}

export function reviveError(error: SerializedError): Error {
  switch (error.kind) {
    case 'syntax':
      return new TemplateSyntaxError(error.message, error.line);
    case 'budget':
      return new TemplateBudgetError(error.limit, error.max, error.scope);
    case 'render':
      return new TemplateRenderError(error.message);
    case 'unsendable':
      return new UnsendableDataError(error.message);
    case 'other':
      return new Error(error.message);
  }
}
