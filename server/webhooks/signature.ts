import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a receiver knows a webhook came from us and was not replayed:
 *
 *   X-Comeback-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * The timestamp is the moment of this attempt (each retry signs anew), so a receiver rejects requests older than a
 * few minutes; the body and the Idempotency-Key stay the same across retries.
 */
export const SIGNATURE_HEADER = 'x-comeback-signature';

export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The X-Comeback-Signature header value for `body` sent at `at`. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${webhookSignature(secret, t, body)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'mismatch' | 'stale' };

/**
 * What a receiver does with the header (exported for tests and as the reference for integrators): parses it,
 * compares the HMAC in constant time, and refuses a timestamp further than `toleranceSeconds` from `now`.
 */
export function verifySignature(secret: string, header: string | undefined, body: string, options: { now?: Date; toleranceSeconds?: number } = {}): SignatureCheck {
  const parts = new Map((header ?? '').split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(given)) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(webhookSignature(secret, t, body), 'hex');
  if (!timingSafeEqual(Buffer.from(given, 'hex'), expected)) return { ok: false, reason: 'mismatch' };
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) return { ok: false, reason: 'stale' };
  return { ok: true, timestamp: t };
}
