-- Pre-aggregated RFM matrix (server/rfm/matrix.ts), kept the way report counts are (0160).
--
-- The matrix groups customers by order count and by days since their last order. Triggers add what each write to
-- customer_stats or customers changes to `rfm_counts`, in the same transaction: customers, orders and revenue per
-- order count and UTC day of the last order ('stats'), and the number of customers ('customers'). Writers only
-- INSERT delta rows (`compacted = false`), summed per statement; the background job of server/analytics/counts.ts
-- folds them into one compacted row per key. The matrix then reads a few thousand rows instead of every customer,
-- and reads customer_stats only for the days that a recency edge cuts in two (server/rfm/matrix.ts).

CREATE TABLE rfm_counts (
  kind           text NOT NULL CHECK (kind IN ('stats', 'customers')),
  order_count    integer NOT NULL DEFAULT 0,
  -- UTC day of the last order; '-infinity' for customers without one (and for kind 'customers')
  last_order_day date NOT NULL DEFAULT '-infinity',
  customers      bigint NOT NULL DEFAULT 0,
  orders         bigint NOT NULL DEFAULT 0,
  revenue        numeric NOT NULL DEFAULT 0,
  compacted      boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX rfm_counts_key ON rfm_counts (kind, order_count, last_order_day) WHERE compacted;
CREATE INDEX rfm_counts_deltas_idx ON rfm_counts (kind) WHERE NOT compacted;

CREATE FUNCTION rfm_last_order_day(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE((at AT TIME ZONE 'UTC')::date, '-infinity'::date)
$$;

-- One statement's change to customer_stats: its new rows added, its old rows taken away, per key; keys whose sums
-- cancel out (a refresh that changed nothing) write nothing.
CREATE FUNCTION rfm_stats_after_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO rfm_counts (kind, order_count, last_order_day, customers, orders, revenue)
    SELECT 'stats', order_count, rfm_last_order_day(last_order_at), count(*), sum(order_count), sum(total_spent)
      FROM new_stats GROUP BY 2, 3;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO rfm_counts (kind, order_count, last_order_day, customers, orders, revenue)
    SELECT 'stats', order_count, rfm_last_order_day(last_order_at), -count(*), -sum(order_count), -sum(total_spent)
      FROM old_stats GROUP BY 2, 3;
  ELSE
    INSERT INTO rfm_counts (kind, order_count, last_order_day, customers, orders, revenue)
    SELECT 'stats', order_count, day, sum(n), sum(order_count * n), sum(total_spent * n)
      FROM (SELECT order_count, rfm_last_order_day(last_order_at) AS day, total_spent, 1 AS n FROM new_stats
            UNION ALL
            SELECT order_count, rfm_last_order_day(last_order_at), total_spent, -1 FROM old_stats) d
     GROUP BY 2, 3
    HAVING sum(n) <> 0 OR sum(order_count * n) <> 0 OR sum(total_spent * n) <> 0;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION rfm_customers_after_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO rfm_counts (kind, customers) SELECT 'customers', count(*) FROM new_customers HAVING count(*) > 0;
  ELSE
    INSERT INTO rfm_counts (kind, customers) SELECT 'customers', -count(*) FROM old_customers HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END $$;

-- TRUNCATE fires no row or statement DELETE triggers; it empties the counts of what it emptied.
CREATE FUNCTION rfm_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM rfm_counts WHERE kind = CASE TG_TABLE_NAME WHEN 'customers' THEN 'customers' ELSE 'stats' END;
  RETURN NULL;
END $$;

-- Rebuilds the counts, compacted, from what is stored: the backfill below, a bulk load that ran with triggers off,
-- and an operator's remedy should the counts ever be doubted (`SELECT rebuild_rfm_counts()`).
CREATE FUNCTION rebuild_rfm_counts() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM rfm_counts;
  INSERT INTO rfm_counts (kind, customers, compacted) SELECT 'customers', count(*), true FROM customers;
  INSERT INTO rfm_counts (kind, order_count, last_order_day, customers, orders, revenue, compacted)
  SELECT 'stats', order_count, rfm_last_order_day(last_order_at), count(*), sum(order_count), sum(total_spent), true
    FROM customer_stats GROUP BY 2, 3;
END $$;

CREATE TRIGGER rfm_stats_after_insert AFTER INSERT ON customer_stats REFERENCING NEW TABLE AS new_stats
  FOR EACH STATEMENT EXECUTE FUNCTION rfm_stats_after_write();
CREATE TRIGGER rfm_stats_after_update AFTER UPDATE ON customer_stats REFERENCING OLD TABLE AS old_stats NEW TABLE AS new_stats
  FOR EACH STATEMENT EXECUTE FUNCTION rfm_stats_after_write();
CREATE TRIGGER rfm_stats_after_delete AFTER DELETE ON customer_stats REFERENCING OLD TABLE AS old_stats
  FOR EACH STATEMENT EXECUTE FUNCTION rfm_stats_after_write();
CREATE TRIGGER rfm_customers_after_insert AFTER INSERT ON customers REFERENCING NEW TABLE AS new_customers
  FOR EACH STATEMENT EXECUTE FUNCTION rfm_customers_after_write();
CREATE TRIGGER rfm_customers_after_delete AFTER DELETE ON customers REFERENCING OLD TABLE AS old_customers
  FOR EACH STATEMENT EXECUTE FUNCTION rfm_customers_after_write();
CREATE TRIGGER rfm_customers_after_truncate AFTER TRUNCATE ON customers FOR EACH STATEMENT EXECUTE FUNCTION rfm_after_truncate();
CREATE TRIGGER rfm_stats_after_truncate AFTER TRUNCATE ON customer_stats FOR EACH STATEMENT EXECUTE FUNCTION rfm_after_truncate();

SELECT rebuild_rfm_counts();
