import { smsSegments } from '../../shared/messages/sms';
import { ChannelError, isRetryableHttpStatus, networkError } from './errors';
import type { ChannelAdapter, OutgoingMessage, SendResult } from './types';

/** SMS.ru's `/sms/send?json=1` answer: an overall status plus one entry per recipient number. */
interface GatewayResponse {
  status: 'OK' | 'ERROR';
  status_code: number;
  status_text?: string;
  sms?: Record<string, { status: 'OK' | 'ERROR'; status_code: number; status_text?: string; sms_id?: string; cost?: number | string; sms?: number }>;
  balance?: number;
}

/** Gateway codes after which the same request may succeed later: 220 service busy, 231 per-minute repeat limit, 5xx server errors. */
const RETRYABLE_GATEWAY_CODES = new Set([220, 231]);
/** 209: the number is on the account's stop list (the subscriber asked to stop); recorded as their opt-out. */
const STOP_LIST_CODE = 209;

/**
 * An HTTP SMS gateway in the SMS.ru style. Segments come from the gateway when it reports them, else from
 * `smsSegments`; the cost likewise, else segments × `pricePerSegment`.
 */
export function smsGatewayAdapter(options: {
  apiUrl: string;
  apiId: string;
  sender?: string;
  pricePerSegment: number;
  timeoutMs: number;
}): ChannelAdapter {
  const endpoint = `${options.apiUrl.replace(/\/+$/, '')}/sms/send`;

  return {
    channel: 'sms',
    provider: 'sms-http',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const phone = normalizePhone(message.to);
      const form = new URLSearchParams({ api_id: options.apiId, to: phone, msg: message.text, json: '1' });
      if (options.sender) form.set('from', options.sender);
      let response: Response;
      try {
        // POST with a form body: the same parameters as the GET form, without URL length limits for long texts.
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
          body: form,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw networkError('SMS gateway', error);
      }
      if (!response.ok) {
        throw new ChannelError(`SMS gateway: HTTP ${response.status}`, { retryable: isRetryableHttpStatus(response.status), code: `http-${response.status}` });
      }
      const body = (await response.json().catch(() => null)) as GatewayResponse | null;
      if (!body || typeof body.status_code !== 'number') {
        throw new ChannelError('SMS gateway: the answer is not the expected JSON', { retryable: true, code: 'bad-response' });
      }
      if (body.status !== 'OK') throw gatewayError(body.status_code, body.status_text);
      const entry = body.sms?.[phone];
      if (!entry) throw new ChannelError(`SMS gateway: no status for number ${phone}`, { retryable: false, code: 'bad-response' });
      if (entry.status !== 'OK') throw gatewayError(entry.status_code, entry.status_text);

      const segments = typeof entry.sms === 'number' && entry.sms > 0 ? entry.sms : smsSegments(message.text).segments;
      const reportedCost = entry.cost === undefined ? NaN : Number(entry.cost);
      const cost = Number.isFinite(reportedCost) ? reportedCost : segments * options.pricePerSegment;
      return { providerMessageId: entry.sms_id, segments, cost: Math.round(cost * 100) / 100 };
    },
  };
}

function gatewayError(code: number, text: string | undefined): ChannelError {
  const retryable = RETRYABLE_GATEWAY_CODES.has(code) || code >= 500;
  return new ChannelError(`SMS gateway ${code}: ${text ?? 'error'}`, { retryable, code: `sms-${code}`, optOut: code === STOP_LIST_CODE });
}

/** Digits only, Russian numbers as 7XXXXXXXXXX (the form SMS.ru expects); "+7 (912) 345-67-89" and "89123456789" both work. */
export function normalizePhone(raw: string): string {
  let digits = raw.replace(/\D+/g, '');
  if (digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
  if (digits.length === 10 && digits.startsWith('9')) digits = `7${digits}`;
  if (digits.length < 10 || digits.length > 15) {
    throw new ChannelError(`SMS: «${raw}» is not a phone number`, { retryable: false, code: 'invalid-recipient' });
  }
  return digits;
}
