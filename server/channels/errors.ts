/**
 * A provider refused or failed to take a message. `retryable` tells the runtime whether an activity retry can
 * help; `retryAfterMs` is the provider's own hint (Telegram's `retry_after`), when it gave one. `optOut` means the
 * recipient refused messages on this channel (blocked the bot, a STOP or stop-list entry): the outbox records it
 * as the customer's opt-out.
 */
export class ChannelError extends Error {
  readonly retryable: boolean;
  readonly code: string;
  readonly retryAfterMs?: number;
  readonly optOut: boolean;

  constructor(message: string, options: { retryable: boolean; code: string; retryAfterMs?: number; optOut?: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'ChannelError';
    this.retryable = options.retryable;
    this.code = options.code;
    this.retryAfterMs = options.retryAfterMs;
    this.optOut = options.optOut ?? false;
  }
}

/** HTTP statuses after which the same request may succeed later. */
export function isRetryableHttpStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * fetch() failures before any response: refused connections, DNS, resets, our own timeout. The provider may or may
 * not have received the request, so these are retryable (see the at-least-once note in ./outbox.ts).
 */
export function networkError(provider: string, error: unknown): ChannelError {
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  const detail = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
  return new ChannelError(timedOut ? `${provider}: no answer within the timeout` : `${provider}: ${detail}`, {
    retryable: true,
    code: timedOut ? 'timeout' : 'network',
    cause: error,
  });
}
