import { createHmac } from 'node:crypto';
import { ChannelError, isRetryableHttpStatus, networkError } from './errors';
import type { ChannelAdapter, OutgoingMessage, SendResult } from './types';

/**
 * Push through the shop's own webhook (its app backend talks to FCM/APNs). The request:
 *
 *   POST <PUSH_WEBHOOK_URL>
 *   Content-Type: application/json
 *   Idempotency-Key: <key>
 *   X-Comeback-Timestamp: <unix seconds>
 *   X-Comeback-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with PUSH_WEBHOOK_SECRET>
 *   { "token", "title", "body", "idempotencyKey" }
 *
 * A 2xx answer means accepted; an optional JSON `{ "id" }` is kept as the provider message id. 408, 425, 429 and 5xx
 * are retried; other 4xx (410 for a dead token) are final. Receivers should deduplicate on Idempotency-Key.
 */
export function pushWebhookAdapter(options: { url: string; secret?: string; timeoutMs: number }): ChannelAdapter {
  return {
    channel: 'push',
    provider: 'push-webhook',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const body = JSON.stringify({ token: message.to, title: message.subject ?? null, body: message.text, idempotencyKey: message.idempotencyKey });
      const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey };
      if (options.secret) {
        const timestamp = String(Math.floor(Date.now() / 1000));
        headers['x-comeback-timestamp'] = timestamp;
        headers['x-comeback-signature'] = `sha256=${pushSignature(options.secret, timestamp, body)}`;
      }
      let response: Response;
      try {
        response = await fetch(options.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMs) });
      } catch (error) {
        throw networkError('Push webhook', error);
      }
      const text = await response.text().catch(() => '');
      if (!response.ok) {
        throw new ChannelError(`Push webhook: HTTP ${response.status}${text ? ` ${text.slice(0, 200)}` : ''}`, {
          retryable: isRetryableHttpStatus(response.status),
          code: `http-${response.status}`,
        });
      }
      return { providerMessageId: providerId(text), cost: 0 };
    },
  };
}

export function pushSignature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

function providerId(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { id?: unknown };
    return parsed && (typeof parsed.id === 'string' || typeof parsed.id === 'number') ? String(parsed.id) : undefined;
  } catch {
    return undefined;
  }
}
