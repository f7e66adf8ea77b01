-- A/B splits decided (server/scenarios/abWinner.ts): "send everyone to the winner" from the A/B report, or a split
-- that decides by itself (autoDecide). Each decision published a version whose split routes every new entrant
-- outside the holdout to the winner; this keeps who decided, when, and the numbers the decision rested on.
CREATE TABLE ab_decisions (
  id              bigserial PRIMARY KEY,
  scenario_id     uuid NOT NULL REFERENCES scenarios (id),
  node_id         text NOT NULL,
  from_version    integer NOT NULL,
  to_version      integer NOT NULL,
  variant         text NOT NULL,
  keep_holdout    boolean NOT NULL,
  automatic       boolean NOT NULL,
  decided_by      bigint REFERENCES users (id),
  decided_by_name text,
  -- The groups (entered, converted) and, for automatic decisions, the test: leader, runner-up, p-value, power.
  stats           jsonb NOT NULL,
  decided_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ab_decisions_scenario_idx ON ab_decisions (scenario_id, node_id, decided_at DESC);

-- Tasks for marketers about a scenario rather than a customer (e.g. "the A/B test was decided"): no customer.
ALTER TABLE staff_tasks ALTER COLUMN customer_id DROP NOT NULL;
