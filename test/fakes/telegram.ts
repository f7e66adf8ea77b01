import { requestParams, sendJson, startHttpFake } from './http';

export interface TelegramSent {
  chatId: string;
  text: string;
  messageId: number;
}

/** How the fake answers for a given chat. */
export type TelegramChatBehaviour =
  | { kind: 'blocked' }
  | { kind: 'chat-not-found' }
  | { kind: 'rate-limited'; retryAfter: number; times: number }
  | { kind: 'server-error'; times: number }
  | { kind: 'hang' };

export interface FakeTelegram {
  /** Base URL to use as TELEGRAM_API_URL. */
  url: string;
  token: string;
  sent: TelegramSent[];
  /** Every sendMessage call, accepted or not. */
  calls: number;
  behave(chatId: string, behaviour: TelegramChatBehaviour): void;
  stop(): Promise<void>;
}

/** The Bot API's `sendMessage` on loopback, answering with Telegram's own response shapes. */
export async function startFakeTelegram(token = '123456:TEST-token', options: { delayMs?: number } = {}): Promise<FakeTelegram> {
  const sent: TelegramSent[] = [];
  const behaviours = new Map<string, TelegramChatBehaviour>();
  let nextMessageId = 1;
  const state = { calls: 0 };

  const server = await startHttpFake((req, body, res) => {
    const match = /^\/bot([^/]+)\/(\w+)/.exec(new URL(req.url ?? '/', 'http://fake').pathname);
    if (!match) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== token) return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    if (match[2] !== 'sendMessage') return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    state.calls++;
    const params = requestParams(req, body);
    const chatId = params.chat_id;
    if (!chatId) return sendJson(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat_id is empty' });
    if (!params.text) return sendJson(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });

    const behaviour = behaviours.get(chatId);
    if (behaviour?.kind === 'hang') return;
    if (behaviour?.kind === 'blocked') return sendJson(res, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    if (behaviour?.kind === 'chat-not-found') return sendJson(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
    if (behaviour?.kind === 'rate-limited' && behaviour.times > 0) {
      behaviour.times--;
      return sendJson(res, 429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${behaviour.retryAfter}`,
        parameters: { retry_after: behaviour.retryAfter },
      });
    }
    if (behaviour?.kind === 'server-error' && behaviour.times > 0) {
      behaviour.times--;
      return sendJson(res, 502, { ok: false, error_code: 502, description: 'Bad Gateway' });
    }

    const messageId = nextMessageId++;
    sent.push({ chatId, text: params.text, messageId });
    sendJson(res, 200, {
      ok: true,
      result: {
        message_id: messageId,
        from: { id: Number(token.split(':')[0]), is_bot: true, first_name: 'Comeback', username: 'comeback_test_bot' },
        chat: { id: Number(chatId), first_name: 'Покупатель', type: 'private' },
        date: Math.floor(Date.now() / 1000),
        text: params.text,
      },
    });
  }, { delayMs: options.delayMs });

  return {
    url: server.url,
    token,
    sent,
    get calls() {
      return state.calls;
    },
    behave(chatId, behaviour) {
      behaviours.set(chatId, behaviour);
    },
    stop: server.stop,
  };
}
