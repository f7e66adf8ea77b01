import { ChannelError, isRetryableHttpStatus, networkError } from './errors';
import type { ChannelAdapter, OutgoingMessage, SendResult } from './types';

/** The Bot API's envelope: `{ ok: true, result }` or `{ ok: false, error_code, description, parameters? }`. */
interface BotApiResponse {
  ok: boolean;
  result?: { message_id: number };
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** sendMessage's limit, in UTF-16 code units after entity parsing (we send plain text). */
const TELEGRAM_MAX_TEXT = 4096;

/**
 * Telegram Bot API `sendMessage`. The Bot API has no idempotency key, so a resend after a lost response can
 * duplicate a message; the outbox (./outbox.ts) keeps that to the crash window.
 */
export function telegramAdapter(options: { token: string; apiUrl: string; timeoutMs: number }): ChannelAdapter {
  const endpoint = `${options.apiUrl.replace(/\/+$/, '')}/bot${options.token}/sendMessage`;

  return {
    channel: 'telegram',
    provider: 'telegram',
    async send(message: OutgoingMessage): Promise<SendResult> {
      if (message.text.length > TELEGRAM_MAX_TEXT) {
        throw new ChannelError(`Telegram: the text is ${message.text.length} characters, a message holds at most ${TELEGRAM_MAX_TEXT}`, {
          retryable: false,
          code: 'too-long',
        });
      }
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ chat_id: message.to, text: message.text }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw networkError('Telegram', error);
      }
      const body = (await response.json().catch(() => null)) as BotApiResponse | null;
      if (response.ok && body?.ok && body.result) {
        return { providerMessageId: String(body.result.message_id), cost: 0 };
      }
      throw classifyTelegramError(response.status, body);
    },
  };
}

function classifyTelegramError(status: number, body: BotApiResponse | null): ChannelError {
  const code = body?.error_code ?? status;
  const description = body?.description ?? `HTTP ${status}`;
  const retryAfter = body?.parameters?.retry_after;
  if (code === 429) {
    return new ChannelError(`Telegram: ${description}`, {
      retryable: true,
      code: 'rate-limited',
      retryAfterMs: retryAfter !== undefined ? retryAfter * 1000 : undefined,
    });
  }
  // 403 "bot was blocked by the user" / "user is deactivated", 400 "chat not found": retrying cannot help.
  // A 403 is the user's own "stop": it is recorded as their opt-out.
  const reason = code === 403 ? 'blocked' : code === 401 ? 'unauthorized' : code === 400 ? 'bad-request' : `http-${code}`;
  return new ChannelError(`Telegram: ${description}`, { retryable: isRetryableHttpStatus(code), code: reason, optOut: code === 403 });
}
