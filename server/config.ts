import { z } from 'zod';

/** Process configuration from the environment. Empty values mean "use the embedded default". */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Where embedded components keep their data (the PostgreSQL cluster and its password, Temporal's SQLite file). */
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  /** Connections per process to PostgreSQL (external or embedded). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Loopback port of the embedded PostgreSQL when DATABASE_URL is unset (0: a free one, printed at start). */
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_TLS: z.enum(['true', 'false']).optional(),
  TEMPORAL_TLS_CERT: z.string().optional(),
  TEMPORAL_TLS_KEY: z.string().optional(),
  TEMPORAL_TASK_QUEUE: z.string().default('comeback'),
  /** Dev-server ports when Temporal is embedded. */
  TEMPORAL_DEV_PORT: z.coerce.number().int().default(7233),
  TEMPORAL_DEV_UI_PORT: z.coerce.number().int().default(8233),
  /** Path to a Temporal CLI binary; otherwise found or built (see server/infra/temporalCli.ts). */
  TEMPORAL_CLI: z.string().optional(),
  /** Run a worker inside the API process (the embedded default). */
  WORKER: z.enum(['true', 'false']).default('true'),
  ADMIN_EMAIL: z.string().default('admin@comeback.local'),
  ADMIN_PASSWORD: z.string().optional(),
  /** Customers generated on first start when the database is empty (0 disables). */
  DEMO_CUSTOMERS: z.coerce.number().int().min(0).default(20000),
  /**
   * Simulations run one at a time (they share one time-skipping test server, and on two cores a second one would
   * only slow the first); this many more may wait in line, and one user may have this many waiting besides the one
   * running. Beyond that: 429 with Retry-After.
   */
  SIMULATION_QUEUE: z.coerce.number().int().min(0).max(100).default(8),
  SIMULATION_QUEUE_PER_USER: z.coerce.number().int().min(0).max(100).default(2),
  /** A simulation still running after this long (queueing not counted) is stopped and answered with 504. */
  SIMULATION_TIMEOUT_SECONDS: z.coerce.number().positive().default(300),
  /**
   * Statement timeout of the queries a person waits for (audience estimates, segment counts, RFM, reports): longer
   * ones are cancelled and answered with 503. The worker's and ingest's queries have none.
   */
  QUERY_TIMEOUT_SECONDS: z.coerce.number().positive().default(15),
  /** Public base URL of the Temporal Web UI, for links from run pages. */
  TEMPORAL_UI_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** `json` (one object per line) or `text` (readable lines); unset: text on a terminal, JSON otherwise (server/infra/log.ts). */
  LOG_FORMAT: z.enum(['json', 'text']).optional(),
  /** Bearer token GET /metrics requires; unset: metrics are served only to loopback clients without proxy headers. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** `npm run worker` only: port of its own /metrics listener on HOST (unset: none). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /**
   * Reverse proxies in front of the API whose X-Forwarded-For entries are trusted (0: none, the header is ignored).
   * The login throttle counts attempts per client address, so behind a proxy set this, or every client shares the
   * proxy's address.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** How long one webhook request may take (server/webhooks/call.ts); at most 30 s. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(10_000),
  /** `true`: webhook endpoints may be http:// to a loopback host (local development and tests); otherwise HTTPS only. */
  WEBHOOK_ALLOW_HTTP_LOOPBACK: z.enum(['true', 'false']).default('false'),
});

export type Config = z.infer<typeof EnvSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
