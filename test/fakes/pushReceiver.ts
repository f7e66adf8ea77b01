import { createHmac, timingSafeEqual } from 'node:crypto';
import { sendJson, startHttpFake } from './http';

export interface ReceivedPush {
  token: string;
  title: string | null;
  body: string;
  idempotencyKey: string;
  headerKey: string | undefined;
}

export interface FakePushReceiver {
  url: string;
  /** Accepted pushes, one per idempotency key (a repeated key is acknowledged but not delivered again). */
  received: ReceivedPush[];
  /** Requests refused for a missing or wrong signature. */
  badSignatures: number;
  calls: number;
  /** Answer requests for this device token with the given status (e.g. 410 Gone for an uninstalled app). */
  respond(token: string, status: number, times?: number): void;
  stop(): Promise<void>;
}

/**
 * The shop's push webhook on loopback. With a secret it checks `X-Comeback-Signature: sha256=HMAC(secret,
 * "<X-Comeback-Timestamp>.<raw body>")` and answers 401 otherwise; it deduplicates on Idempotency-Key.
 */
export async function startFakePushReceiver(secret?: string): Promise<FakePushReceiver> {
  const received: ReceivedPush[] = [];
  const seen = new Map<string, string>();
  const overrides = new Map<string, { status: number; times: number }>();
  const state = { badSignatures: 0, calls: 0, nextId: 1 };

  const server = await startHttpFake((req, body, res) => {
    state.calls++;
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
    if (secret) {
      const timestamp = String(req.headers['x-comeback-timestamp'] ?? '');
      const given = Buffer.from(String(req.headers['x-comeback-signature'] ?? ''));
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
      if (!timestamp || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        state.badSignatures++;
        return sendJson(res, 401, { error: 'bad signature' });
      }
    }
    const push = JSON.parse(body) as { token: string; title: string | null; body: string; idempotencyKey: string };
    const override = overrides.get(push.token);
    if (override && override.times > 0) {
      override.times--;
      return sendJson(res, override.status, { error: `status ${override.status}` });
    }
    const previous = seen.get(push.idempotencyKey);
    if (previous) return sendJson(res, 200, { id: previous, duplicate: true });
    const id = `push-${state.nextId++}`;
    seen.set(push.idempotencyKey, id);
    received.push({ ...push, headerKey: req.headers['idempotency-key'] as string | undefined });
    sendJson(res, 202, { id });
  });

  return {
    url: `${server.url}/push`,
    received,
    get badSignatures() {
      return state.badSignatures;
    },
    get calls() {
      return state.calls;
    },
    respond(token, status, times = Number.POSITIVE_INFINITY) {
      overrides.set(token, { status, times });
    },
    stop: server.stop,
  };
}
