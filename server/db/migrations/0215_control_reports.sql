-- Issue 14: the program report against the global control group (server/analytics/control.ts) reads the control
-- group's rows of entry_skips by scenario and time: one row per held-out customer per firing, so a scenario's rows in
-- a 90-day period are up to 90 per control customer. This index answers "the control rows of these scenarios in the
-- period, with their customers" from the index alone; "any control row of this customer before" uses the primary
-- key (per scenario) and entry_skips_customer_idx (per customer, for the program).
CREATE INDEX entry_skips_control_idx ON entry_skips (scenario_id, at) INCLUDE (customer_id) WHERE reason = 'control';
