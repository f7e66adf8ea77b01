-- Scenario reports join messages to the runs in scope; without this every report scans the outbox.
CREATE INDEX IF NOT EXISTS messages_run_idx ON messages (run_id) WHERE run_id IS NOT NULL;
