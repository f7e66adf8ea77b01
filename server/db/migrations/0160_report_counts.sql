-- Pre-aggregated scenario reports (server/analytics/counts.ts).
--
-- Every figure of the scenario report and the A/B results is a sum over the runs in scope. Triggers add what each
-- write changes to `report_counts`, in the same transaction as the write: a run entering, converting or ending, a
-- journal line, a message changing status or cost, a bonus granted or spent, an order placed. Writers only ever
-- INSERT delta rows (`compacted = false`): no hot rows, no lock waits between runs, no deadlocks. A background job
-- folds deltas into one compacted row per key (`compact_report_counts`). A report sums both kinds of row for its
-- scope, which is a few thousand rows however many runs there are.
--
-- Days are local calendar days in the time zone of the run's scenario version: `entry_day` when the run entered,
-- `day` when it converted (kind 'run', 'infinity' when it has not) or when the message was written ('message').

-- Conversion, kept on each run by the orders trigger below: the orders the customer placed after entry and within
-- the version's conversion window (settings.conversionWindowDays, default 30).
-- first_entry / first_in_version: the customer's first run in this scenario / in this version, so the reports'
-- "customers" is a sum too.
-- reached_nodes: the nodes the run has a journal line at, so the first line at a node counts the run there once
-- (a key lookup and a row lock, never a search of the journal, whose plan would depend on its statistics).
ALTER TABLE runs
  ADD COLUMN first_order_at timestamptz,
  ADD COLUMN window_orders integer NOT NULL DEFAULT 0,
  ADD COLUMN window_revenue numeric(14, 2) NOT NULL DEFAULT 0,
  ADD COLUMN reached_nodes text[] NOT NULL DEFAULT '{}',
  ADD COLUMN first_entry boolean NOT NULL DEFAULT false,
  ADD COLUMN first_in_version boolean NOT NULL DEFAULT false;

CREATE TABLE report_counts (
  scenario_id   uuid NOT NULL,
  version       integer NOT NULL,
  entry_day     date NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('run', 'step', 'ab', 'message', 'bonus')),
  node_id       text NOT NULL DEFAULT '',
  port          text NOT NULL DEFAULT '',
  channel       text NOT NULL DEFAULT '',
  day           date NOT NULL DEFAULT 'infinity',
  -- kind 'run' (day = converted day) and 'ab' (node_id, port = the split and the group)
  entered       bigint NOT NULL DEFAULT 0,
  customers     bigint NOT NULL DEFAULT 0,          -- 'run': first entries of a customer in the scenario
  version_customers bigint NOT NULL DEFAULT 0,      -- 'run': first entries of a customer in the version
  converted     bigint NOT NULL DEFAULT 0,
  without_order bigint NOT NULL DEFAULT 0,
  orders        bigint NOT NULL DEFAULT 0,
  revenue       numeric NOT NULL DEFAULT 0,
  -- kind 'step': journal lines leaving through `port`; runs that reached `node_id` (port '')
  lines         bigint NOT NULL DEFAULT 0,
  reached       bigint NOT NULL DEFAULT 0,
  node_type     text,
  -- kind 'message' (node_id, channel, day = written)
  sent          bigint NOT NULL DEFAULT 0,
  failed        bigint NOT NULL DEFAULT 0,
  cost          numeric NOT NULL DEFAULT 0,
  -- kind 'bonus'
  granted       bigint NOT NULL DEFAULT 0,
  spent         bigint NOT NULL DEFAULT 0,
  compacted     boolean NOT NULL DEFAULT false
);
CREATE INDEX report_counts_scope_idx ON report_counts (scenario_id, entry_day);
CREATE UNIQUE INDEX report_counts_key ON report_counts (scenario_id, version, entry_day, kind, node_id, port, channel, day) WHERE compacted;
CREATE INDEX report_counts_deltas_idx ON report_counts (scenario_id) WHERE NOT compacted;

-- What the triggers need of a version, kept beside its document (reading them from the document would unpack the
-- whole document on every write).
ALTER TABLE scenario_versions
  ADD COLUMN time_zone text GENERATED ALWAYS AS (COALESCE(document #>> '{settings,timezone}', 'Europe/Moscow')) STORED,
  ADD COLUMN conversion_window_days integer GENERATED ALWAYS AS (COALESCE((document #>> '{settings,conversionWindowDays}')::int, 30)) STORED;

CREATE FUNCTION report_time_zone(p_scenario uuid, p_version integer) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT COALESCE((SELECT time_zone FROM scenario_versions WHERE scenario_id = p_scenario AND version = p_version), 'Europe/Moscow')
$$;

CREATE FUNCTION report_window(p_scenario uuid, p_version integer) RETURNS interval LANGUAGE sql STABLE AS $$
  SELECT make_interval(days => COALESCE((SELECT conversion_window_days FROM scenario_versions WHERE scenario_id = p_scenario AND version = p_version), 30))
$$;

-- What one run adds to kind 'run', signed.
CREATE FUNCTION report_run_delta(r runs, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  tz text := report_time_zone(r.scenario_id, r.version);
  is_converted boolean := r.window_orders > 0 OR r.status = 'converted';
  converted_at timestamptz := COALESCE(r.first_order_at, CASE WHEN r.status = 'converted' THEN r.ended_at END);
BEGIN
  INSERT INTO report_counts (scenario_id, version, entry_day, kind, day, entered, customers, version_customers, converted, without_order, orders, revenue)
  VALUES (r.scenario_id, r.version, (r.entered_at AT TIME ZONE tz)::date, 'run',
          CASE WHEN is_converted AND converted_at IS NOT NULL THEN (converted_at AT TIME ZONE tz)::date ELSE 'infinity' END,
          sign, sign * r.first_entry::int, sign * r.first_in_version::int, sign * is_converted::int, sign * (is_converted AND r.first_order_at IS NULL)::int, sign * r.window_orders, sign * r.window_revenue);
END $$;

-- A run inherits orders already stored for its window (an order ingested between the firing and the run's row).
CREATE FUNCTION report_runs_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT min(o.placed_at), count(*), COALESCE(sum(o.amount), 0) INTO NEW.first_order_at, NEW.window_orders, NEW.window_revenue
    FROM orders o
   WHERE o.customer_id = NEW.customer_id AND o.placed_at > NEW.entered_at
     AND o.placed_at <= NEW.entered_at + report_window(NEW.scenario_id, NEW.version);
  NEW.first_entry := NOT EXISTS (SELECT 1 FROM runs r WHERE r.scenario_id = NEW.scenario_id AND r.customer_id = NEW.customer_id);
  NEW.first_in_version := NOT EXISTS (SELECT 1 FROM runs r WHERE r.scenario_id = NEW.scenario_id AND r.customer_id = NEW.customer_id AND r.version = NEW.version);
  RETURN NEW;
END $$;

CREATE FUNCTION report_runs_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_run_delta(NEW, 1);
  RETURN NULL;
END $$;

-- A run's outcome changed: its 'run' row moves, and so do its A/B groups' conversions.
CREATE FUNCTION report_runs_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was boolean := OLD.window_orders > 0 OR OLD.status = 'converted';
  now_converted boolean := NEW.window_orders > 0 OR NEW.status = 'converted';
BEGIN
  PERFORM report_run_delta(OLD, -1);
  PERFORM report_run_delta(NEW, 1);
  IF was IS DISTINCT FROM now_converted OR OLD.window_revenue <> NEW.window_revenue THEN
    INSERT INTO report_counts (scenario_id, version, entry_day, kind, node_id, port, converted, revenue)
    SELECT NEW.scenario_id, NEW.version, (NEW.entered_at AT TIME ZONE report_time_zone(NEW.scenario_id, NEW.version))::date, 'ab', s.node_id, s.port,
           now_converted::int - was::int, NEW.window_revenue - OLD.window_revenue
      FROM run_steps s
     WHERE s.run_id = NEW.id AND s.node_type = 'abSplit' AND s.outcome IN ('variant', 'holdout') AND s.port IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION report_run_steps_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r runs;
  entry_day date;
  first_line boolean;
BEGIN
  -- Either way the run's row is locked: a conversion written at the same time waits for this line, then counts it
  -- (report_runs_after_update), and two first lines at one node never both count.
  UPDATE runs SET reached_nodes = reached_nodes || NEW.node_id WHERE id = NEW.run_id AND NOT (NEW.node_id = ANY(reached_nodes)) RETURNING * INTO r;
  first_line := FOUND;
  IF NOT first_line THEN
    SELECT * INTO r FROM runs WHERE id = NEW.run_id FOR SHARE;
  END IF;
  entry_day := (r.entered_at AT TIME ZONE report_time_zone(r.scenario_id, r.version))::date;
  IF first_line THEN
    INSERT INTO report_counts (scenario_id, version, entry_day, kind, node_id, node_type, reached)
    VALUES (r.scenario_id, r.version, entry_day, 'step', NEW.node_id, NEW.node_type, 1);
  END IF;
  IF NEW.port IS NOT NULL THEN
    INSERT INTO report_counts (scenario_id, version, entry_day, kind, node_id, port, node_type, lines)
    VALUES (r.scenario_id, r.version, entry_day, 'step', NEW.node_id, NEW.port, NEW.node_type, 1);
    IF NEW.node_type = 'abSplit' AND NEW.outcome IN ('variant', 'holdout') THEN
      INSERT INTO report_counts (scenario_id, version, entry_day, kind, node_id, port, entered, converted, revenue)
      VALUES (r.scenario_id, r.version, entry_day, 'ab', NEW.node_id, NEW.port, 1, (r.window_orders > 0 OR r.status = 'converted')::int, r.window_revenue);
    END IF;
  END IF;
  RETURN NULL;
END $$;

-- What one message adds to kind 'message', signed. Messages outside a run (none today) are in no report.
CREATE FUNCTION report_message_delta(m messages, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  r runs;
  tz text;
BEGIN
  IF m.run_id IS NULL THEN RETURN; END IF;
  SELECT * INTO r FROM runs WHERE id = m.run_id;
  tz := report_time_zone(r.scenario_id, r.version);
  INSERT INTO report_counts (scenario_id, version, entry_day, kind, node_id, channel, day, sent, failed, cost)
  VALUES (r.scenario_id, r.version, (r.entered_at AT TIME ZONE tz)::date, 'message', COALESCE(m.node_id, ''), m.channel,
          (m.created_at AT TIME ZONE tz)::date, sign * (m.status IN ('sent', 'sandbox'))::int, sign * (m.status = 'failed')::int, sign * m.cost);
END $$;

CREATE FUNCTION report_messages_after_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN PERFORM report_message_delta(OLD, -1); END IF;
  PERFORM report_message_delta(NEW, 1);
  RETURN NULL;
END $$;

-- Points a run granted, and redemptions of them (expiries are not spending).
CREATE FUNCTION report_bonus_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  run_id text;
  r runs;
BEGIN
  IF NEW.kind = 'grant' THEN
    run_id := NEW.run_id;
  ELSIF NEW.kind = 'redeem' AND NEW.grant_id IS NOT NULL THEN
    SELECT g.run_id INTO run_id FROM bonus_ledger g WHERE g.id = NEW.grant_id;
  END IF;
  IF run_id IS NULL THEN RETURN NULL; END IF;
  SELECT * INTO r FROM runs WHERE id = run_id;
  IF NOT FOUND THEN RETURN NULL; END IF;
  INSERT INTO report_counts (scenario_id, version, entry_day, kind, granted, spent)
  VALUES (r.scenario_id, r.version, (r.entered_at AT TIME ZONE report_time_zone(r.scenario_id, r.version))::date, 'bonus',
          CASE WHEN NEW.kind = 'grant' THEN NEW.points ELSE 0 END, CASE WHEN NEW.kind = 'redeem' THEN -NEW.points ELSE 0 END);
  RETURN NULL;
END $$;

-- New orders count for every run of their customer whose window they fall in (the runs trigger then moves the counts).
CREATE FUNCTION report_orders_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE runs r
     SET window_orders = r.window_orders + o.n, window_revenue = r.window_revenue + o.amount,
         first_order_at = LEAST(r.first_order_at, o.first_at)
    FROM (SELECT r2.id, count(*) AS n, sum(x.amount) AS amount, min(x.placed_at) AS first_at
            FROM new_orders x
            JOIN runs r2 ON r2.customer_id = x.customer_id AND x.placed_at > r2.entered_at
           WHERE x.placed_at <= r2.entered_at + report_window(r2.scenario_id, r2.version)
           GROUP BY r2.id) o
   WHERE r.id = o.id;
  RETURN NULL;
END $$;

-- Rebuilds every run's conversion and the counts, compacted, from what is stored: the migration's backfill, and
-- an operator's remedy should the counts ever be doubted (`SELECT rebuild_report_counts()`, in one transaction).
CREATE FUNCTION rebuild_report_counts() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- The runs trigger stays quiet meanwhile: what it would write is rebuilt below anyway.
  PERFORM set_config('comeback.rebuilding_report_counts', 'on', true);
  UPDATE runs SET window_orders = 0, window_revenue = 0, first_order_at = NULL, reached_nodes = '{}'
   WHERE window_orders <> 0 OR first_order_at IS NOT NULL OR reached_nodes <> '{}';
  UPDATE runs r
     SET window_orders = o.n, window_revenue = o.amount, first_order_at = o.first_at
    FROM (SELECT r2.id, count(*) AS n, sum(x.amount) AS amount, min(x.placed_at) AS first_at
            FROM runs r2 JOIN orders x ON x.customer_id = r2.customer_id AND x.placed_at > r2.entered_at
           WHERE x.placed_at <= r2.entered_at + report_window(r2.scenario_id, r2.version)
           GROUP BY r2.id) o
   WHERE r.id = o.id;

  UPDATE runs r SET first_entry = f.first_entry, first_in_version = f.first_in_version
    FROM (SELECT id, row_number() OVER (PARTITION BY scenario_id, customer_id ORDER BY entered_at, id) = 1 AS first_entry,
                 row_number() OVER (PARTITION BY scenario_id, customer_id, version ORDER BY entered_at, id) = 1 AS first_in_version
            FROM runs) f
   WHERE r.id = f.id AND (r.first_entry, r.first_in_version) IS DISTINCT FROM (f.first_entry, f.first_in_version);

  UPDATE runs r SET reached_nodes = s.nodes
    FROM (SELECT run_id, array_agg(DISTINCT node_id) AS nodes FROM run_steps GROUP BY run_id) s
   WHERE r.id = s.run_id;

  DELETE FROM report_counts;

  DROP TABLE IF EXISTS report_run_days;
  CREATE TEMPORARY TABLE report_run_days ON COMMIT DROP AS
    SELECT r.*, z.tz, (r.entered_at AT TIME ZONE z.tz)::date AS entry_day
      FROM runs r, LATERAL (SELECT report_time_zone(r.scenario_id, r.version) AS tz) z;

  INSERT INTO report_counts (scenario_id, version, entry_day, kind, day, entered, customers, version_customers, converted, without_order, orders, revenue, compacted)
  SELECT scenario_id, version, entry_day, 'run', converted_day, count(*), count(*) FILTER (WHERE first_entry), count(*) FILTER (WHERE first_in_version),
         count(*) FILTER (WHERE is_converted),
         count(*) FILTER (WHERE is_converted AND first_order_at IS NULL), sum(window_orders), sum(window_revenue), true
    FROM (SELECT d.*, (d.window_orders > 0 OR d.status = 'converted') AS is_converted,
                 CASE WHEN (d.window_orders > 0 OR d.status = 'converted') AND COALESCE(d.first_order_at, CASE WHEN d.status = 'converted' THEN d.ended_at END) IS NOT NULL
                      THEN (COALESCE(d.first_order_at, CASE WHEN d.status = 'converted' THEN d.ended_at END) AT TIME ZONE d.tz)::date ELSE 'infinity' END AS converted_day
            FROM report_run_days d) x
   GROUP BY 1, 2, 3, 5;

  INSERT INTO report_counts (scenario_id, version, entry_day, kind, node_id, port, node_type, reached, compacted)
  SELECT d.scenario_id, d.version, d.entry_day, 'step', s.node_id, '', min(s.node_type), count(DISTINCT s.run_id), true
    FROM run_steps s JOIN report_run_days d ON d.id = s.run_id
   GROUP BY 1, 2, 3, 5;

  INSERT INTO report_counts (scenario_id, version, entry_day, kind, node_id, port, node_type, lines, compacted)
  SELECT d.scenario_id, d.version, d.entry_day, 'step', s.node_id, s.port, min(s.node_type), count(*), true
    FROM run_steps s JOIN report_run_days d ON d.id = s.run_id
   WHERE s.port IS NOT NULL
   GROUP BY 1, 2, 3, 5, 6;

  INSERT INTO report_counts (scenario_id, version, entry_day, kind, node_id, port, entered, converted, revenue, compacted)
  SELECT d.scenario_id, d.version, d.entry_day, 'ab', s.node_id, s.port, count(*),
         count(*) FILTER (WHERE d.window_orders > 0 OR d.status = 'converted'), sum(d.window_revenue), true
    FROM run_steps s JOIN report_run_days d ON d.id = s.run_id
   WHERE s.node_type = 'abSplit' AND s.outcome IN ('variant', 'holdout') AND s.port IS NOT NULL
   GROUP BY 1, 2, 3, 5, 6;

  INSERT INTO report_counts (scenario_id, version, entry_day, kind, node_id, channel, day, sent, failed, cost, compacted)
  SELECT d.scenario_id, d.version, d.entry_day, 'message', COALESCE(m.node_id, ''), m.channel, (m.created_at AT TIME ZONE d.tz)::date,
         count(*) FILTER (WHERE m.status IN ('sent', 'sandbox')), count(*) FILTER (WHERE m.status = 'failed'), sum(m.cost), true
    FROM messages m JOIN report_run_days d ON d.id = m.run_id
   GROUP BY 1, 2, 3, 5, 6, 7;

  INSERT INTO report_counts (scenario_id, version, entry_day, kind, granted, spent, compacted)
  SELECT d.scenario_id, d.version, d.entry_day, 'bonus', sum(CASE WHEN b.kind = 'grant' THEN b.points ELSE 0 END),
         sum(CASE WHEN b.kind = 'redeem' THEN -b.points ELSE 0 END), true
    FROM bonus_ledger b
    LEFT JOIN bonus_ledger g ON g.id = b.grant_id
    JOIN report_run_days d ON d.id = CASE WHEN b.kind = 'grant' THEN b.run_id WHEN b.kind = 'redeem' THEN g.run_id END
   GROUP BY 1, 2, 3;
  PERFORM set_config('comeback.rebuilding_report_counts', 'off', true);
END $$;

SELECT rebuild_report_counts();

CREATE TRIGGER report_runs_before_insert BEFORE INSERT ON runs FOR EACH ROW EXECUTE FUNCTION report_runs_before_insert();
CREATE TRIGGER report_runs_after_insert AFTER INSERT ON runs FOR EACH ROW EXECUTE FUNCTION report_runs_after_insert();
CREATE TRIGGER report_runs_after_update AFTER UPDATE OF status, ended_at, first_order_at, window_orders, window_revenue ON runs
  FOR EACH ROW
  WHEN ((OLD.status IS DISTINCT FROM NEW.status OR OLD.ended_at IS DISTINCT FROM NEW.ended_at OR OLD.first_order_at IS DISTINCT FROM NEW.first_order_at
         OR OLD.window_orders <> NEW.window_orders OR OLD.window_revenue <> NEW.window_revenue)
        AND current_setting('comeback.rebuilding_report_counts', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION report_runs_after_update();
CREATE TRIGGER report_run_steps_after_insert AFTER INSERT ON run_steps FOR EACH ROW EXECUTE FUNCTION report_run_steps_after_insert();
CREATE TRIGGER report_messages_after_insert AFTER INSERT ON messages FOR EACH ROW EXECUTE FUNCTION report_messages_after_write();
CREATE TRIGGER report_messages_after_update AFTER UPDATE OF status, cost, created_at, node_id, channel ON messages
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.cost <> NEW.cost OR OLD.created_at IS DISTINCT FROM NEW.created_at
        OR OLD.node_id IS DISTINCT FROM NEW.node_id OR OLD.channel IS DISTINCT FROM NEW.channel)
  EXECUTE FUNCTION report_messages_after_write();
CREATE TRIGGER report_bonus_after_insert AFTER INSERT ON bonus_ledger FOR EACH ROW EXECUTE FUNCTION report_bonus_after_insert();
CREATE TRIGGER report_orders_after_insert AFTER INSERT ON orders REFERENCING NEW TABLE AS new_orders
  FOR EACH STATEMENT EXECUTE FUNCTION report_orders_after_insert();
