import type { Channel } from '../../shared/scenario/schema';
import type { Sql } from '../db/client';

/** What one message costs, in roubles: SMS per segment (the gateway bills each), the others per message. */
export interface Prices {
  smsPerSegment: number;
  email: number;
  telegram: number;
  push: number;
}

/** BonusPlus-like SMS tariffs run 2.5–7 ₽ (DOMAIN.md); Telegram, push and our own SMTP cost nothing per message. */
export const DEFAULT_PRICES: Prices = { smsPerSegment: 3.5, email: 0, telegram: 0, push: 0 };

/** `app_settings` keys, one per price, so an integrator can read or set one with plain SQL. */
const KEYS: Record<keyof Prices, string> = {
  smsPerSegment: 'sms.pricePerSegment',
  email: 'email.pricePerMessage',
  telegram: 'telegram.pricePerMessage',
  push: 'push.pricePerMessage',
};

export async function loadPrices(sql: Sql): Promise<Prices> {
  const rows = await sql<{ key: string; value: unknown }[]>`SELECT key, value FROM app_settings WHERE key IN ${sql(Object.values(KEYS))}`;
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const prices = { ...DEFAULT_PRICES };
  for (const [field, key] of Object.entries(KEYS) as [keyof Prices, string][]) {
    const value = stored.get(key);
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) prices[field] = value;
  }
  return prices;
}

/** Stores every price (one transaction, so readers never see half a tariff). */
export async function savePrices(sql: Sql, prices: Prices): Promise<void> {
  await sql.begin(async (tx) => {
    for (const [field, key] of Object.entries(KEYS) as [keyof Prices, string][]) {
      await tx`INSERT INTO app_settings (key, value) VALUES (${key}, ${tx.json(prices[field])})
               ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`;
    }
  });
}

/** The price of one message of `segments` SMS segments on `channel`. */
export function messagePrice(prices: Prices, channel: Channel, segments: number): number {
  return channel === 'sms' ? prices.smsPerSegment * segments : prices[channel];
}
