import { isIP } from 'node:net';
import type { Text } from '../../shared/i18n/text';
import { WEBHOOK_LIMITS } from '../../shared/webhooks/limits';

export interface UrlRules {
  /** http:// to a loopback host is allowed (local fakes in tests, a receiver on the same machine in development). */
  allowHttpLoopback: boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export const isLoopbackHost = (hostname: string) => LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(hostname);

/**
 * Why a webhook URL is not acceptable, or null. HTTPS only (the body carries customer data and the signature
 * proves only who sent it), no credentials in the URL (they would be logged and shown), no fragment; plain http only
 * to a loopback host when WEBHOOK_ALLOW_HTTP_LOOPBACK is set. Checked when an endpoint is saved and again before each
 * call, so turning the flag off stops such endpoints at once.
 */
export function webhookUrlProblem(raw: string, rules: UrlRules): Text | null {
  if (raw.length > WEBHOOK_LIMITS.urlLength) return { ru: `адрес длиннее ${WEBHOOK_LIMITS.urlLength} символов`, en: `the URL is longer than ${WEBHOOK_LIMITS.urlLength} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ru: 'это не адрес: нужен полный URL вида https://crm.example.ru/hooks/comeback', en: 'not a URL: give a full one such as https://crm.example.com/hooks/comeback' };
  }
  if (url.username || url.password) return { ru: 'логин и пароль в адресе не допускаются: подпись запроса и так подтверждает отправителя', en: 'credentials in the URL are not allowed; the signature authenticates the sender' };
  if (url.hash) return { ru: 'в адресе не должно быть части после #', en: 'the URL must not have a #fragment' };
  if (url.protocol === 'https:') return url.hostname ? null : { ru: 'в адресе нет имени сервера', en: 'the URL has no host' };
  if (url.protocol === 'http:' && rules.allowHttpLoopback && isLoopbackHost(url.hostname)) return null;
  if (url.protocol === 'http:') {
    return isLoopbackHost(url.hostname) || isIP(url.hostname)
      ? { ru: 'нужен адрес https:// (http:// к этой машине разрешён только с WEBHOOK_ALLOW_HTTP_LOOPBACK=true)', en: 'use https:// (http:// to this machine needs WEBHOOK_ALLOW_HTTP_LOOPBACK=true)' }
      : { ru: 'нужен адрес https://: данные клиентов не передаются без шифрования', en: 'use https://: customer data is not sent unencrypted' };
  }
  return { ru: `адрес должен начинаться с https:// (а не ${url.protocol}//)`, en: `the URL must start with https:// (not ${url.protocol}//)` };
}
