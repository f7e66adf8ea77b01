-- Distinct customers of a report limited to entry dates, as a sum of counts (server/analytics/report.ts).
--
-- A customer entered during [from, to] exactly once at their first run in it: the run whose previous entry (into the
-- scenario, or into the version for a version's report) was before `from`, or that had none. So each run records
-- when the customer's previous run entered, and report_counts gets one row per run keyed by its entry day and that
-- previous entry's day (kind 'first': the previous entry into the scenario, `customers`; kind 'first_v': into the
-- version, `version_customers`; `day` '-infinity' without one). The customers entered during [from, to] are then
-- the sum of those rows with entry_day in [from, to] and day < from.
--
-- Like first_entry (0160), "previous" is the latest run already stored for the customer: runs are stored as they
-- enter. rebuild_report_counts() orders them by entry time instead.

ALTER TABLE runs
  ADD COLUMN prev_entered_at timestamptz,
  ADD COLUMN prev_version_entered_at timestamptz;

ALTER TABLE report_counts DROP CONSTRAINT report_counts_kind_check;
ALTER TABLE report_counts ADD CONSTRAINT report_counts_kind_check CHECK (kind IN ('run', 'step', 'ab', 'message', 'bonus', 'first', 'first_v'));

CREATE OR REPLACE FUNCTION report_runs_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT min(o.placed_at), count(*), COALESCE(sum(o.amount), 0) INTO NEW.first_order_at, NEW.window_orders, NEW.window_revenue
    FROM orders o
   WHERE o.customer_id = NEW.customer_id AND o.placed_at > NEW.entered_at
     AND o.placed_at <= NEW.entered_at + report_window(NEW.scenario_id, NEW.version);
  -- One look at the customer's runs of this scenario gives both previous entries, and whether this is the first.
  SELECT max(r.entered_at), max(r.entered_at) FILTER (WHERE r.version = NEW.version)
    INTO NEW.prev_entered_at, NEW.prev_version_entered_at
    FROM runs r WHERE r.scenario_id = NEW.scenario_id AND r.customer_id = NEW.customer_id;
  NEW.first_entry := NEW.prev_entered_at IS NULL;
  NEW.first_in_version := NEW.prev_version_entered_at IS NULL;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION report_runs_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tz text := report_time_zone(NEW.scenario_id, NEW.version);
  entry_day date := (NEW.entered_at AT TIME ZONE tz)::date;
BEGIN
  PERFORM report_run_delta(NEW, 1);
  INSERT INTO report_counts (scenario_id, version, entry_day, kind, day, customers, version_customers)
  VALUES (NEW.scenario_id, NEW.version, entry_day, 'first', COALESCE((NEW.prev_entered_at AT TIME ZONE tz)::date, '-infinity'), 1, 0),
         (NEW.scenario_id, NEW.version, entry_day, 'first_v', COALESCE((NEW.prev_version_entered_at AT TIME ZONE tz)::date, '-infinity'), 0, 1);
  RETURN NULL;
END $$;

-- rebuild_report_counts() of 0160, then the previous entries and their rows.
ALTER FUNCTION rebuild_report_counts() RENAME TO rebuild_report_counts_0160;
CREATE FUNCTION rebuild_report_counts() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rebuild_report_counts_0160();
  PERFORM set_config('comeback.rebuilding_report_counts', 'on', true);
  UPDATE runs r SET prev_entered_at = p.prev, prev_version_entered_at = p.prev_v
    FROM (SELECT id, lag(entered_at) OVER (PARTITION BY scenario_id, customer_id ORDER BY entered_at, id) AS prev,
                 lag(entered_at) OVER (PARTITION BY scenario_id, customer_id, version ORDER BY entered_at, id) AS prev_v
            FROM runs) p
   WHERE r.id = p.id AND (r.prev_entered_at, r.prev_version_entered_at) IS DISTINCT FROM (p.prev, p.prev_v);
  INSERT INTO report_counts (scenario_id, version, entry_day, kind, day, customers, version_customers, compacted)
  SELECT scenario_id, version, entry_day, kind, day, sum(customers), sum(version_customers), true
    FROM (SELECT r.scenario_id, r.version, (r.entered_at AT TIME ZONE z.tz)::date AS entry_day, k.kind,
                 COALESCE((k.prev AT TIME ZONE z.tz)::date, '-infinity') AS day, k.customers, k.version_customers
            FROM runs r,
                 LATERAL (SELECT report_time_zone(r.scenario_id, r.version) AS tz) z,
                 LATERAL (VALUES ('first', r.prev_entered_at, 1, 0), ('first_v', r.prev_version_entered_at, 0, 1))
                   AS k(kind, prev, customers, version_customers)) x
   GROUP BY 1, 2, 3, 4, 5;
  PERFORM set_config('comeback.rebuilding_report_counts', 'off', true);
END $$;

SELECT rebuild_report_counts();
