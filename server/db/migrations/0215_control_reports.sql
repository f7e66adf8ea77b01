-- Issue 14: the reports against the global control group (server/analytics/control.ts) count each held-out customer
-- from their FIRST control row in each scenario. A held-out customer has one row per firing (up to one a day per
-- scenario), so those first rows are read by a loose index scan over this index — one probe per (customer, scenario)
-- pair, whatever the number of days — and "has this customer a control row of this scenario before this moment" is
-- one probe too.
CREATE INDEX entry_skips_control_idx ON entry_skips (customer_id, scenario_id, at) WHERE reason = 'control';
