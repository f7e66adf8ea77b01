import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature, webhookSignature } from './signature';

const SECRET = 'whsec_test-secret';
const BODY = '{"id":"run-1:hook","customerId":"C-1","data":{"firstName":"Анна"}}';
const AT = new Date('2026-03-02T07:00:00Z');
const T = AT.getTime() / 1000;

describe('webhook signatures', () => {
  it('are HMAC-SHA256 of "<unix seconds>.<raw body>" in hex, as the receivers are told', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`, 'utf8').digest('hex');
    expect(webhookSignature(SECRET, T, BODY)).toBe(expected);
    expect(signatureHeader(SECRET, BODY, AT)).toBe(`t=${T},v1=${expected}`);
  });

  it('verify for the same secret, body and a fresh timestamp', () => {
    expect(verifySignature(SECRET, signatureHeader(SECRET, BODY, AT), BODY, { now: new Date(AT.getTime() + 60_000) })).toEqual({ ok: true, timestamp: T });
  });

  it('fail for another secret, a changed body (one character), or a changed timestamp', () => {
    const header = signatureHeader(SECRET, BODY, AT);
    expect(verifySignature('whsec_other', header, BODY, { now: AT })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(SECRET, header, BODY.replace('Анна', 'Анне'), { now: AT })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(SECRET, header.replace(`t=${T}`, `t=${T + 1}`), BODY, { now: AT })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuse a replay older than the tolerance, and headers that are not ours', () => {
    const header = signatureHeader(SECRET, BODY, AT);
    expect(verifySignature(SECRET, header, BODY, { now: new Date(AT.getTime() + 301_000) })).toEqual({ ok: false, reason: 'stale' });
    expect(verifySignature(SECRET, undefined, BODY)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature(SECRET, `sha256=${webhookSignature(SECRET, T, BODY)}`, BODY)).toEqual({ ok: false, reason: 'malformed' });
  });
});
