import { requestParams, sendJson, startHttpFake } from './http';

export interface GatewaySms {
  to: string;
  text: string;
  from: string | null;
  smsId: string;
  segments: number;
}

export interface FakeSmsGateway {
  /** Base URL to use as SMS_API_URL. */
  url: string;
  apiId: string;
  sent: GatewaySms[];
  calls: number;
  /** Answer for one number with a per-number error code (e.g. 207 cannot send to this number). */
  rejectNumber(phone: string, code: number, text: string): void;
  /** The next `times` requests get the overall error 220 "service temporarily unavailable". */
  busy(times: number): void;
  stop(): Promise<void>;
}

const GSM7 =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '^{}\\[~]|€';

/** Segments the way an operator bills them; deliberately separate from shared/messages/sms.ts. */
function billedSegments(text: string): number {
  const chars = [...text];
  const gsm = chars.every((c) => GSM7.includes(c) || GSM7_EXTENDED.includes(c));
  if (gsm) {
    const septets = chars.reduce((n, c) => n + (GSM7_EXTENDED.includes(c) ? 2 : 1), 0);
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  const units = text.length; // UTF-16 code units, as UCS-2 counts them
  return units <= 70 ? 1 : Math.ceil(units / 67);
}

/**
 * An SMS.ru-style gateway on loopback: `/sms/send` with api_id, to, msg, from, json=1 (query or form body),
 * answering `{ status, status_code, sms: { <number>: { status, status_code, sms_id, cost, sms } }, balance }`.
 * `reportCost: false` leaves cost and sms count out, as some gateways do.
 */
export async function startFakeSmsGateway(options: { apiId?: string; pricePerSegment?: number; reportCost?: boolean; delayMs?: number } = {}): Promise<FakeSmsGateway> {
  const apiId = options.apiId ?? 'TEST-API-ID';
  const price = options.pricePerSegment ?? 2.5;
  const reportCost = options.reportCost ?? true;
  const sent: GatewaySms[] = [];
  const rejections = new Map<string, { code: number; text: string }>();
  const state = { calls: 0, busy: 0, nextId: 1, balance: 1000 };

  const server = await startHttpFake((req, body, res) => {
    if (new URL(req.url ?? '/', 'http://fake').pathname !== '/sms/send') return sendJson(res, 404, { status: 'ERROR', status_code: 404, status_text: 'Not found' });
    state.calls++;
    const p = requestParams(req, body);
    if (p.json !== '1') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('200\n');
    }
    if (p.api_id !== apiId) return sendJson(res, 200, { status: 'ERROR', status_code: 200, status_text: 'Неправильный api_id' });
    if (state.busy > 0) {
      state.busy--;
      return sendJson(res, 200, { status: 'ERROR', status_code: 220, status_text: 'Сервис временно недоступен, попробуйте чуть позже' });
    }
    if (!p.msg) return sendJson(res, 200, { status: 'ERROR', status_code: 203, status_text: 'Нет текста сообщения' });
    if (!p.to) return sendJson(res, 200, { status: 'ERROR', status_code: 202, status_text: 'Неправильно указан номер получателя' });

    const sms: Record<string, unknown> = {};
    for (const to of p.to.split(',')) {
      const rejection = rejections.get(to);
      if (rejection) {
        sms[to] = { status: 'ERROR', status_code: rejection.code, status_text: rejection.text };
        continue;
      }
      const segments = billedSegments(p.msg);
      const smsId = `000${state.nextId++}-1000000${state.calls}`;
      state.balance -= segments * price;
      sent.push({ to, text: p.msg, from: p.from ?? null, smsId, segments });
      sms[to] = reportCost
        ? { status: 'OK', status_code: 100, sms_id: smsId, cost: (segments * price).toFixed(2), sms: segments }
        : { status: 'OK', status_code: 100, sms_id: smsId };
    }
    sendJson(res, 200, { status: 'OK', status_code: 100, sms, balance: Math.round(state.balance * 100) / 100 });
  }, { delayMs: options.delayMs });

  return {
    url: server.url,
    apiId,
    sent,
    get calls() {
      return state.calls;
    },
    rejectNumber(phone, code, text) {
      rejections.set(phone, { code, text });
    },
    busy(times) {
      state.busy = times;
    },
    stop: server.stop,
  };
}
