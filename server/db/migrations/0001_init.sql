-- The data model. Every later change is a new numbered file; applied files are recorded in schema_migrations.

CREATE TABLE customers (
  id               text PRIMARY KEY,              -- the integrator's own id (1C, МойСклад, POS)
  name             text,
  phone            text,
  email            text,
  telegram_chat_id text,
  push_token       text,
  city             text,
  card_type        text NOT NULL DEFAULT 'regular' CHECK (card_type IN ('regular', 'vip')),
  registered_at    timestamptz NOT NULL,
  timezone         text,                          -- IANA; null = the scenario's
  sub_sms          boolean NOT NULL DEFAULT false,
  sub_email        boolean NOT NULL DEFAULT false,
  sub_telegram     boolean NOT NULL DEFAULT false,
  sub_push         boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_phone_idx ON customers (phone);
CREATE INDEX customers_email_idx ON customers (lower(email));
CREATE INDEX customers_registered_idx ON customers (registered_at);

-- Per-customer statistics, one row per customer, kept current on order ingest so that filters and the RFM
-- matrix never scan orders.
CREATE TABLE customer_stats (
  customer_id             text PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  order_count             integer NOT NULL DEFAULT 0,
  total_spent             numeric(14, 2) NOT NULL DEFAULT 0,
  avg_check               numeric(14, 2),          -- null without orders
  first_order_at          timestamptz,
  last_order_at           timestamptz,
  avg_days_between_orders double precision,        -- (last - first) / (count - 1) in days; null below 2 orders
  favorite_category       text,                    -- category with the largest spend
  updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_stats_last_order_idx ON customer_stats (last_order_at);
CREATE INDEX customer_stats_rfm_idx ON customer_stats (order_count, last_order_at);

CREATE TABLE orders (
  id          text PRIMARY KEY,
  customer_id text NOT NULL REFERENCES customers (id),
  amount      numeric(14, 2) NOT NULL CHECK (amount >= 0),
  placed_at   timestamptz NOT NULL,
  bonus_spent integer NOT NULL DEFAULT 0 CHECK (bonus_spent >= 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at);
CREATE INDEX orders_placed_idx ON orders (placed_at);

CREATE TABLE order_items (
  order_id text NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line_no  integer NOT NULL,
  sku      text NOT NULL,
  name     text NOT NULL,
  category text,
  qty      numeric(12, 3) NOT NULL,
  price    numeric(14, 2) NOT NULL,
  PRIMARY KEY (order_id, line_no)
);

-- Bonus ledger. A grant adds points that expire; a redemption consumes points of one grant (soonest-expiring
-- first); an expiration records what a grant lost when it expired. Balance at time t =
--   Σ over grants g with g.at <= t and (g.expires_at IS NULL OR g.expires_at > t) of
--   (g.points - Σ redemptions of g at or before t).
CREATE TABLE bonus_ledger (
  id              bigserial PRIMARY KEY,
  customer_id     text NOT NULL REFERENCES customers (id),
  kind            text NOT NULL CHECK (kind IN ('grant', 'redeem', 'expire')),
  points          integer NOT NULL,               -- grant > 0; redeem and expire < 0
  at              timestamptz NOT NULL,
  expires_at      timestamptz,                    -- grants only; null = never
  grant_id        bigint REFERENCES bonus_ledger (id), -- redeem/expire: the grant consumed
  order_id        text REFERENCES orders (id),
  run_id          text,                           -- grants made by a scenario run
  node_id         text,
  reason          text,
  idempotency_key text UNIQUE,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bonus_ledger_customer_idx ON bonus_ledger (customer_id, at);
CREATE INDEX bonus_ledger_grant_idx ON bonus_ledger (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX bonus_ledger_run_idx ON bonus_ledger (run_id) WHERE run_id IS NOT NULL;

CREATE TABLE users (
  id                   bigserial PRIMARY KEY,
  email                text NOT NULL UNIQUE,      -- the login, stored lower-case
  name                 text NOT NULL,
  role                 text NOT NULL CHECK (role IN ('admin', 'marketer', 'analyst', 'support')),
  password_hash        text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  created_at           timestamptz NOT NULL DEFAULT now(),
  disabled_at          timestamptz
);

CREATE TABLE sessions (
  id_hash      text PRIMARY KEY,                  -- sha256 of the cookie value
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL,
  token_hash   text NOT NULL UNIQUE,             -- sha256 of the token
  scopes       text[] NOT NULL,                  -- e.g. {ingest}
  created_by   bigint REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

CREATE TABLE scenarios (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name            text NOT NULL,
  status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused', 'archived')),
  draft           jsonb NOT NULL,                 -- the scenario/v1 document being edited
  draft_revision  integer NOT NULL DEFAULT 1,     -- optimistic concurrency for saves from several tabs
  current_version integer,                        -- the published version new entrants get
  created_by      bigint REFERENCES users (id),
  updated_by      bigint REFERENCES users (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE scenario_versions (
  scenario_id  uuid NOT NULL REFERENCES scenarios (id),
  version      integer NOT NULL,
  document     jsonb NOT NULL,                    -- immutable once written
  plan         jsonb NOT NULL,
  published_by bigint REFERENCES users (id),
  published_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scenario_id, version)
);

-- One row per customer per scenario entry.
CREATE TABLE runs (
  id              text PRIMARY KEY,               -- the Temporal run id
  workflow_id     text NOT NULL,                  -- unique per scenario + customer while live
  scenario_id     uuid NOT NULL REFERENCES scenarios (id),
  version         integer NOT NULL,
  customer_id     text NOT NULL REFERENCES customers (id),
  variant         text,                           -- A/B variant key or 'holdout'
  status          text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'converted', 'limited', 'exited')),
  entered_at      timestamptz NOT NULL,
  ended_at        timestamptz,
  end_reason      text,
  current_node_id text,
  next_wake_at    timestamptz
);
CREATE UNIQUE INDEX runs_live_unique ON runs (scenario_id, customer_id) WHERE status = 'running';
CREATE INDEX runs_scenario_idx ON runs (scenario_id, entered_at DESC, id);
CREATE INDEX runs_scenario_status_idx ON runs (scenario_id, status, entered_at DESC, id);
CREATE INDEX runs_customer_idx ON runs (customer_id, entered_at);

CREATE TABLE run_steps (
  id              bigserial PRIMARY KEY,
  run_id          text NOT NULL REFERENCES runs (id),
  node_id         text NOT NULL,
  node_type       text NOT NULL,
  at              timestamptz NOT NULL,
  outcome         text NOT NULL,                  -- e.g. sent, skipped, yes, no, pass, limited, waited, held
  port            text,                           -- the port the run left through
  reason          text,                           -- for people: why
  data            jsonb,
  idempotency_key text NOT NULL UNIQUE
);
CREATE INDEX run_steps_run_idx ON run_steps (run_id, at, id);
CREATE INDEX run_steps_node_idx ON run_steps (node_id, port);

-- The outbox: every message, sandboxed or sent through a provider.
CREATE TABLE messages (
  id              bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,           -- run + node: a retried activity never sends twice
  run_id          text REFERENCES runs (id),
  scenario_id     uuid REFERENCES scenarios (id),
  node_id         text,
  customer_id     text NOT NULL REFERENCES customers (id),
  channel         text NOT NULL CHECK (channel IN ('sms', 'email', 'telegram', 'push')),
  recipient       text NOT NULL,
  subject         text,
  text            text NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending', 'sandbox', 'sent', 'failed')),
  provider        text NOT NULL,                  -- sandbox, smtp, telegram, sms-http, push-webhook
  provider_message_id text,
  error           text,
  segments        integer,
  cost            numeric(10, 2) NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);
CREATE INDEX messages_customer_idx ON messages (customer_id, created_at);
CREATE INDEX messages_scenario_idx ON messages (scenario_id, created_at);

CREATE TABLE staff_tasks (
  id              bigserial PRIMARY KEY,
  idempotency_key text UNIQUE,
  run_id          text REFERENCES runs (id),
  scenario_id     uuid REFERENCES scenarios (id),
  node_id         text,
  customer_id     text NOT NULL REFERENCES customers (id),
  role            text NOT NULL DEFAULT 'support',
  text            text NOT NULL,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'taken', 'closed')),
  assignee_id     bigint REFERENCES users (id),
  outcome         text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  taken_at        timestamptz,
  closed_at       timestamptz
);
CREATE INDEX staff_tasks_status_idx ON staff_tasks (status, created_at);
CREATE INDEX staff_tasks_customer_idx ON staff_tasks (customer_id);

CREATE TABLE staff_task_comments (
  id         bigserial PRIMARY KEY,
  task_id    bigint NOT NULL REFERENCES staff_tasks (id) ON DELETE CASCADE,
  user_id    bigint REFERENCES users (id),
  text       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  user_id    bigint REFERENCES users (id),
  token_id   bigint REFERENCES api_tokens (id),
  action     text NOT NULL,                       -- e.g. scenario.publish, run.exit, customer.unsubscribe
  entity     text,                                -- e.g. scenario:<id>, run:<id>
  details    jsonb
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, at);

-- Product settings editable by admins (e.g. SMS price per segment).
CREATE TABLE app_settings (
  key   text PRIMARY KEY,
  value jsonb NOT NULL
);
