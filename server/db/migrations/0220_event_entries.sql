-- Entries on events (issue 15): scenarios that start from an order, a custom event, a birthday, points about to
-- expire or a customer entering a segment, beside the daily audience trigger.

-- The birthday trigger: a customer's date of birth (ingest, import and the card carry it). The index finds the
-- customers whose birthday falls on a given month and day without reading every customer.
ALTER TABLE customers ADD COLUMN birth_date date;
CREATE INDEX customers_birthday_idx ON customers ((extract(month FROM birth_date)::int * 100 + extract(day FROM birth_date)::int))
  WHERE birth_date IS NOT NULL;

-- Events the shop's systems report (POST /api/events), idempotent by the sender's event id.
CREATE TABLE customer_events (
  id          text PRIMARY KEY,
  customer_id text NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  type        text NOT NULL,
  at          timestamptz NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}',
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_events_customer_idx ON customer_events (customer_id, at);
CREATE INDEX customer_events_type_idx ON customer_events (type, at);

-- The entry outbox (server/entries/deliver.ts), like order_signals: ingest writes one row per new order or event in
-- the transaction that stores it, so "this event may start scenarios" is as durable as the event itself. A
-- deliverer in every API and worker process starts the runs of the scenarios whose trigger the event meets and
-- deletes the row; a delivery that fails (Temporal away) is tried again with backoff. Claimed by lease.
CREATE TABLE entry_events (
  key             text PRIMARY KEY,              -- 'order:<order id>' or 'event:<event id>'
  customer_id     text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('order', 'event')),
  type            text,                          -- the custom event's type
  at              timestamptz NOT NULL,          -- when it happened (placedAt, the event's at)
  created_at      timestamptz NOT NULL DEFAULT now(),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text
);
CREATE INDEX entry_events_due_idx ON entry_events (next_attempt_at);

-- The event a run entered on, once per scenario, customer and event (an event delivered twice enters once), and what
-- templates and the flight recorder read of it.
ALTER TABLE runs ADD COLUMN entry_key text, ADD COLUMN trigger_event jsonb;
CREATE UNIQUE INDEX runs_entry_key_unique ON runs (scenario_id, customer_id, entry_key);

-- Who was in the segment of a segment trigger at its previous check; a customer in the segment now and not here
-- entered it. A scenario without a row in segment_trigger_checks has not checked yet: its first check only notes
-- who is in already.
CREATE TABLE segment_trigger_members (
  scenario_id uuid NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
  customer_id text NOT NULL,
  PRIMARY KEY (scenario_id, customer_id)
);
CREATE TABLE segment_trigger_checks (
  scenario_id uuid PRIMARY KEY REFERENCES scenarios (id) ON DELETE CASCADE,
  segment_id  uuid NOT NULL,
  at          timestamptz NOT NULL
);

-- Points about to expire, found by their expiry without reading the whole ledger.
CREATE INDEX bonus_ledger_expiry_idx ON bonus_ledger (expires_at) WHERE kind = 'grant' AND expires_at IS NOT NULL;
