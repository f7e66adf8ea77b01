-- Issue 15: the webhook node.
--
-- Named HTTPS endpoints an admin configures (server/webhooks/endpoints.ts); a scenario's webhook node picks one by
-- name. The signing secret is drawn by the server, shown once (on creation and on rotation) and kept here, since
-- every request is signed with it.
CREATE TABLE webhook_endpoints (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 64),
  url         text NOT NULL CHECK (char_length(url) BETWEEN 1 AND 2048),
  secret      text NOT NULL,
  enabled     boolean NOT NULL DEFAULT true,
  created_by  bigint REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  secret_rotated_at timestamptz NOT NULL DEFAULT now()
);

-- One call per run + node (server/webhooks/call.ts): its body is built and stored once, so every attempt sends the
-- same bytes under the same Idempotency-Key. An attempt claims the call (claim_token, attempt_started_at) for the
-- length of one request; an answered call (delivered or refused) is never sent again.
CREATE TABLE webhook_calls (
  id                 bigserial PRIMARY KEY,
  idempotency_key    text NOT NULL UNIQUE,
  run_id             text REFERENCES runs (id),
  scenario_id        uuid REFERENCES scenarios (id),
  node_id            text,
  customer_id        text NOT NULL REFERENCES customers (id),
  endpoint_id        bigint REFERENCES webhook_endpoints (id) ON DELETE SET NULL,
  endpoint_name      text NOT NULL,
  body               text NOT NULL,
  status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts           integer NOT NULL DEFAULT 0,
  response_status    integer,
  error              text,
  claim_token        uuid,
  attempt_started_at timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  finished_at        timestamptz
);
CREATE INDEX webhook_calls_run_idx ON webhook_calls (run_id);
CREATE INDEX webhook_calls_customer_idx ON webhook_calls (customer_id, created_at DESC);

-- Every HTTP request of a call, answered or not: what support reads when a receiver says "we never got it".
CREATE TABLE webhook_attempts (
  id              bigserial PRIMARY KEY,
  call_id         bigint NOT NULL REFERENCES webhook_calls (id) ON DELETE CASCADE,
  attempt         integer NOT NULL,
  started_at      timestamptz NOT NULL DEFAULT now(),
  duration_ms     integer,
  response_status integer,
  outcome         text NOT NULL CHECK (outcome IN ('delivered', 'retry', 'refused')),
  error           text
);
CREATE INDEX webhook_attempts_call_idx ON webhook_attempts (call_id, id);
