-- One entry per scenario, customer and trigger firing (server/activities/runs.ts, beginRun). A firing is the
-- scenario's local day of entry. The audience query already leaves out customers who entered today; this index
-- makes it a guarantee, whatever races (a retried page, "enrol now" beside the schedule, a run that completed
-- between an audience query and a start): a second run of the same firing finds its row taken and ends at once,
-- before any step. Runs entered before this migration have no firing and are not counted.
ALTER TABLE runs ADD COLUMN firing date;
CREATE UNIQUE INDEX runs_firing_unique ON runs (scenario_id, customer_id, firing);
