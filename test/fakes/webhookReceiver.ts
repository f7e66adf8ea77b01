import { createHmac, timingSafeEqual } from 'node:crypto';
import { sendJson, startHttpFake } from './http';

export interface ReceivedWebhook {
  idempotencyKey: string | undefined;
  /** `t` of the signature header: each attempt signs anew. */
  timestamp: number;
  body: Record<string, unknown>;
  raw: string;
  /** The status this request was answered with (null: left hanging). */
  answered: number | null;
}

export interface FakeWebhookReceiver {
  url: string;
  /** Every request that carried a valid signature, in arrival order, whatever it was answered. */
  requests: ReceivedWebhook[];
  /** Requests refused for a missing, malformed or wrong signature. */
  badSignatures: number;
  /** The secret requests must be signed with (the endpoint's, shown once when it was created). */
  useSecret(secret: string): void;
  /**
   * How to answer the next requests, one entry each, in order: an HTTP status, or `hang` (never answer: the caller's
   * timeout must end it). Once the script is used up, requests get 200.
   */
  script(...answers: Array<number | 'hang'>): void;
  stop(): Promise<void>;
}

/**
 * A shop's webhook receiver on loopback, the way the settings screen tells integrators to write one: it checks
 * `X-Comeback-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` itself (401 otherwise)
 * and records every signed request, so tests count what arrived, with which Idempotency-Key and body.
 */
export async function startFakeWebhookReceiver(): Promise<FakeWebhookReceiver> {
  const state = { secret: '', badSignatures: 0 };
  const requests: ReceivedWebhook[] = [];
  const answers: Array<number | 'hang'> = [];

  const server = await startHttpFake((req, raw, res) => {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
    const header = String(req.headers['x-comeback-signature'] ?? '');
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    const expected = match ? createHmac('sha256', state.secret).update(`${match[1]}.${raw}`).digest() : null;
    if (!match || !expected || !timingSafeEqual(Buffer.from(match[2], 'hex'), expected)) {
      state.badSignatures++;
      return sendJson(res, 401, { error: 'bad signature' });
    }
    const answer = answers.shift() ?? 200;
    requests.push({
      idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      timestamp: Number(match[1]),
      body: JSON.parse(raw) as Record<string, unknown>,
      raw,
      answered: answer === 'hang' ? null : answer,
    });
    if (answer === 'hang') return;
    sendJson(res, answer, answer < 300 ? { ok: true } : { error: `status ${answer}`, padding: 'x'.repeat(10_000) });
  });

  return {
    url: `${server.url}/hooks/comeback`,
    requests,
    get badSignatures() {
      return state.badSignatures;
    },
    useSecret(secret) {
      state.secret = secret;
    },
    script(...next) {
      answers.push(...next);
    },
    stop: server.stop,
  };
}
