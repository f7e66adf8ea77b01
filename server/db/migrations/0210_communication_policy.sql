-- Issue 14: one customer, many scenarios.
--
-- The shop's communication policy (server/policy/store.ts): caps per customer per local day / ISO week / month,
-- overall or per channel, counted across all scenarios; how long a message over a cap may wait; and the share of
-- customers held out of every scenario as the global control group. One row per version, the newest in force;
-- the seed of the control group's hash is drawn once and carried from version to version, so membership is stable
-- and a larger share keeps every earlier member.
CREATE TABLE communication_policies (
  version           integer PRIMARY KEY,
  caps              jsonb NOT NULL,
  max_delay_days    integer NOT NULL CHECK (max_delay_days BETWEEN 0 AND 30),
  control_share_pct numeric(4, 1) NOT NULL CHECK (control_share_pct BETWEEN 0 AND 50),
  control_seed      text NOT NULL,
  created_by        bigint REFERENCES users (id),
  created_by_name   text,
  created_at        timestamptz NOT NULL DEFAULT now()
);

-- What the caps count (server/policy/admit.ts): a message admitted at the run's own clock (a simulation's calendar
-- included), unless the node is a service message (exempt, and not counted either).
ALTER TABLE messages ADD COLUMN counted_at timestamptz;
ALTER TABLE messages ADD COLUMN service boolean NOT NULL DEFAULT false;
UPDATE messages SET counted_at = coalesce(sent_at, created_at);
ALTER TABLE messages ALTER COLUMN counted_at SET NOT NULL;
ALTER TABLE messages ALTER COLUMN counted_at SET DEFAULT now();
CREATE INDEX messages_policy_idx ON messages (customer_id, counted_at) WHERE NOT service AND status <> 'failed';

-- A customer the audience selected who did not enter, and why (server/activities/audienceQuery.ts): in the global
-- control group, held by a live run of another scenario of the same exclusivity group, or claimed that day by a
-- scenario of the group with a higher priority. One row per scenario, customer and firing (the local day).
-- The control group's rows are also the comparison group of the program report.
CREATE TABLE entry_skips (
  scenario_id       uuid NOT NULL REFERENCES scenarios (id),
  customer_id       text NOT NULL REFERENCES customers (id),
  day               date NOT NULL,
  at                timestamptz NOT NULL,
  reason            text NOT NULL CHECK (reason IN ('control', 'exclusive_running', 'exclusive_priority')),
  other_scenario_id uuid REFERENCES scenarios (id),
  PRIMARY KEY (scenario_id, customer_id, day)
);
CREATE INDEX entry_skips_customer_idx ON entry_skips (customer_id, at DESC);
CREATE INDEX entry_skips_reason_idx ON entry_skips (reason, at);
