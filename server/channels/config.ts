import { z } from 'zod';

const optionalUrl = z.url().optional();

/**
 * Provider settings from the environment. A channel whose required variables are missing goes to the sandbox
 * outbox: recorded in `messages` with status `sandbox`, never leaving the machine.
 */
const ChannelEnvSchema = z.object({
  /** smtp://user:pass@host:587 or smtps://user:pass@host:465 */
  SMTP_URL: optionalUrl,
  /** The From header, e.g. "Кофейня «Зерно» <hello@zerno.example>". */
  SMTP_FROM: z.string().optional(),
  TELEGRAM_BOT_TOKEN: z.string().optional(),
  TELEGRAM_API_URL: z.url().default('https://api.telegram.org'),
  /** Base URL of an SMS.ru-compatible gateway, e.g. https://sms.ru */
  SMS_API_URL: optionalUrl,
  SMS_API_ID: z.string().optional(),
  /** Approved sender name; the gateway's default when empty. */
  SMS_SENDER: z.string().optional(),
  /** Rubles per SMS segment, used when the gateway does not report the cost. */
  SMS_PRICE_PER_SEGMENT: z.coerce.number().min(0).default(3.5),
  PUSH_WEBHOOK_URL: optionalUrl,
  /** When set, every push request carries an HMAC-SHA256 signature made with it. */
  PUSH_WEBHOOK_SECRET: z.string().optional(),
  /** Per-request timeout for every provider. */
  CHANNEL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /**
   * The address customers reach this server at, e.g. https://comeback.shop.example: one-click unsubscribe links in
   * emails point to `<PUBLIC_URL>/u/<token>`. Default: the server's own address from HOST and PORT.
   */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
});

/** Variables that only make sense together: half a configuration is an error, not a silent fallback to the sandbox. */
const TOGETHER: Array<[string, string[]]> = [
  ['email (SMTP)', ['SMTP_URL', 'SMTP_FROM']],
  ['SMS', ['SMS_API_URL', 'SMS_API_ID']],
];

export type ChannelConfig = z.infer<typeof ChannelEnvSchema> & { PUBLIC_URL: string };

export function loadChannelConfig(env: NodeJS.ProcessEnv = process.env): ChannelConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = ChannelEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid channel configuration:\n${lines.join('\n')}`);
  }
  const incomplete = TOGETHER.flatMap(([channel, names]) => {
    const missing = names.filter((n) => !cleaned[n]);
    return missing.length > 0 && missing.length < names.length ? [`  ${channel}: set ${missing.join(', ')} as well (or unset ${names.filter((n) => cleaned[n]).join(', ')} to keep the sandbox)`] : [];
  });
  if (incomplete.length > 0) throw new Error(`Incomplete channel configuration:\n${incomplete.join('\n')}`);
  return { ...parsed.data, PUBLIC_URL: parsed.data.PUBLIC_URL ?? ownAddress(cleaned) };
}

/** http://HOST:PORT as the server binds them (see server/config.ts); a wildcard host is reached as localhost. */
function ownAddress(env: NodeJS.ProcessEnv): string {
  const bound = env.HOST ?? '127.0.0.1';
  const host = bound === '0.0.0.0' || bound === '::' ? 'localhost' : bound;
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT ?? 3000}`;
}
