import { createHmac } from 'node:crypto';
import { CHANNELS, type Channel } from '../../shared/scenario/schema';
import { randomSecret, safeEqual } from '../auth/secrets';
import type { Sql } from '../db/client';

/**
 * Unsubscribe links (`/u/<token>`) name a customer and a channel and are signed with HMAC-SHA256 under a key that
 * lives in the database, so the API and every worker process share it and links in old emails keep working. Without
 * the key nobody can forge a link for another customer or find one by trying ids.
 */
const SECRET_KEY = 'consent.unsubscribeLinkSecret';
/** 128 bits of the MAC: far beyond guessing, and the link stays short. */
const MAC_BYTES = 16;

export interface UnsubscribeTarget {
  customerId: string;
  channel: Channel;
}

const secrets = new WeakMap<Sql, Promise<Buffer>>();

/** The signing key, created on first use; one read per process. */
export function unsubscribeSecret(sql: Sql): Promise<Buffer> {
  let secret = secrets.get(sql);
  if (!secret) {
    secret = (async () => {
      await sql`INSERT INTO app_settings (key, value) VALUES (${SECRET_KEY}, ${sql.json(randomSecret())}) ON CONFLICT (key) DO NOTHING`;
      const [row] = await sql<{ value: string }[]>`SELECT value FROM app_settings WHERE key = ${SECRET_KEY}`;
      return Buffer.from(row.value, 'base64url');
    })();
    secret.catch(() => secrets.delete(sql));
    secrets.set(sql, secret);
  }
  return secret;
}

function mac(secret: Buffer, { customerId, channel }: UnsubscribeTarget): string {
  return createHmac('sha256', secret).update(`unsubscribe\n${channel}\n${customerId}`).digest().subarray(0, MAC_BYTES).toString('base64url');
}

/** `<base64url("channel:customerId")>.<mac>` */
export function signUnsubscribeToken(secret: Buffer, target: UnsubscribeTarget): string {
  return `${Buffer.from(`${target.channel}:${target.customerId}`).toString('base64url')}.${mac(secret, target)}`;
}

/** The customer and channel of a genuine token; null for anything forged, altered or malformed. */
export function verifyUnsubscribeToken(secret: Buffer, token: string): UnsubscribeTarget | null {
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) return null;
  const payload = Buffer.from(match[1], 'base64url').toString('utf8');
  // Decoding is lenient (stray bits, broken UTF-8); only the one spelling we issue is accepted.
  if (Buffer.from(payload).toString('base64url') !== match[1]) return null;
  const colon = payload.indexOf(':');
  const channel = payload.slice(0, colon) as Channel;
  const customerId = payload.slice(colon + 1);
  if (colon < 0 || !CHANNELS.includes(channel) || customerId === '') return null;
  const target = { customerId, channel };
  return safeEqual(match[2], mac(secret, target)) ? target : null;
}
