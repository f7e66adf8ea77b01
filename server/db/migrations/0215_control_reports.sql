-- Issue 14: the reports against the global control group (server/analytics/control.ts) count each held-out customer
-- from their FIRST control row — in a scenario, or in any scenario for the program: "has this customer a control row
-- (of this scenario) before this moment" is asked once per customer, and a held-out customer has one row per firing
-- (up to one a day per scenario). This index answers both forms from the customer's own entries; the rows of a
-- period are read through entry_skips_reason_idx.
CREATE INDEX entry_skips_control_idx ON entry_skips (customer_id, scenario_id, at) WHERE reason = 'control';
