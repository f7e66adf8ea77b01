-- The signal outbox of stop-on-purchase (server/temporal/orderSignals.ts). Order ingest writes one row per new
-- order in the transaction that stores the order, so "this purchase must stop the customer's live runs" is as
-- durable as the purchase itself. A deliverer in every API and worker process signals the customer's live runs
-- and deletes the row once Temporal has accepted every signal; a failed delivery is tried again later, with backoff,
-- until Temporal takes it. Rows are claimed by moving next_attempt_at forward (a lease), so several processes can
-- deliver side by side and a process that dies mid-delivery leaves its rows to the others after the lease.
CREATE TABLE order_signals (
  order_id        text PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
  customer_id     text NOT NULL,
  placed_at       timestamptz NOT NULL,
  amount          numeric(14, 2) NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text
);
CREATE INDEX order_signals_due_idx ON order_signals (next_attempt_at);
